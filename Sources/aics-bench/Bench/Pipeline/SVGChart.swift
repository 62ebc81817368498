import Foundation

/// Draws throughput and latency over each run as one SVG (written by hand, no dependencies):
/// one panel per scenario, seconds since the first produced record on x, outputs per second on
/// the left axis (blue), end-to-end latency p50 (green) and p99 (red) in ms on the right axis.
enum SVGChart {
    static let width = 960.0
    static let panelHeight = 230.0
    static let margin = (left: 70.0, right: 70.0, top: 34.0, bottom: 36.0)

    static func render(_ report: BenchReport) -> String {
        let panels = report.scenarios.filter { !$0.timeline.isEmpty }
        let height = max(1, Double(panels.count)) * panelHeight + 30
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(margin.left)" y="18" font-size="13" font-weight="bold">aics bench pipeline, \(escape(report.startedAt)): outputs/s (blue), latency p50 (green) and p99 (red)</text>

            """
        for (index, result) in panels.enumerated() {
            svg += panel(result, top: 30 + Double(index) * panelHeight)
        }
        svg += "</svg>\n"
        return svg
    }

    private static func panel(_ result: ScenarioResult, top: Double) -> String {
        let plot = (x: margin.left, y: top + margin.top, width: width - margin.left - margin.right,
                    height: panelHeight - margin.top - margin.bottom)
        let seconds = Double(max(1, result.timeline.count - 1))
        let maxThroughput = niceCeiling(Double(result.timeline.map(\.throughput).max() ?? 1))
        let maxLatency = niceCeiling(result.timeline.map(\.p99Milliseconds).max() ?? 1)
        func x(_ second: Double) -> Double { plot.x + second / seconds * plot.width }
        func yLeft(_ value: Double) -> Double { plot.y + plot.height - value / maxThroughput * plot.height }
        func yRight(_ value: Double) -> Double { plot.y + plot.height - value / maxLatency * plot.height }

        var out = "<g>\n"
        out += "<text x=\"\(plot.x)\" y=\"\(top + 22)\" font-weight=\"bold\">\(escape(result.key)): \(escape(result.title))</text>\n"
        out += "<rect x=\"\(plot.x)\" y=\"\(plot.y)\" width=\"\(plot.width)\" height=\"\(plot.height)\" fill=\"none\" stroke=\"#999\"/>\n"
        for step in 0...4 {
            let fraction = Double(step) / 4
            let y = plot.y + plot.height - fraction * plot.height
            out += "<line x1=\"\(plot.x)\" y1=\"\(y)\" x2=\"\(plot.x + plot.width)\" y2=\"\(y)\" stroke=\"#eee\"/>\n"
            out += "<text x=\"\(plot.x - 6)\" y=\"\(y + 4)\" text-anchor=\"end\" fill=\"#1f60c4\">\(format(maxThroughput * fraction))</text>\n"
            out += "<text x=\"\(plot.x + plot.width + 6)\" y=\"\(y + 4)\" fill=\"#c4321f\">\(format(maxLatency * fraction))</text>\n"
            let second = seconds * fraction
            out += "<text x=\"\(x(second))\" y=\"\(plot.y + plot.height + 14)\" text-anchor=\"middle\">\(format(second)) s</text>\n"
        }
        out += "<text x=\"\(plot.x - 6)\" y=\"\(plot.y - 6)\" text-anchor=\"end\" fill=\"#1f60c4\">msg/s</text>\n"
        out += "<text x=\"\(plot.x + plot.width + 6)\" y=\"\(plot.y - 6)\" fill=\"#c4321f\">ms</text>\n"
        out += polyline(result.timeline.map { (x(Double($0.second)), yLeft(Double($0.throughput))) }, color: "#1f60c4")
        let answered = result.timeline.filter { $0.throughput > 0 }
        out += polyline(answered.map { (x(Double($0.second)), yRight($0.p50Milliseconds)) }, color: "#2a9d3a")
        out += polyline(answered.map { (x(Double($0.second)), yRight($0.p99Milliseconds)) }, color: "#c4321f")
        out += "</g>\n"
        return out
    }

    private static func polyline(_ points: [(Double, Double)], color: String) -> String {
        guard !points.isEmpty else { return "" }
        let list = points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
        return "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\"\(list)\"/>\n"
    }

    /// 1, 2 or 5 times a power of ten, at least `value`.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let power = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 5, 10] where factor * power >= value { return factor * power }
        return 10 * power
    }

    private static func format(_ value: Double) -> String {
        value >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
