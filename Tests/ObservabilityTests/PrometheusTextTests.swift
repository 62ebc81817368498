import Testing
import TestSupport

/// The test's own parser must refuse what Prometheus refuses, or its "parses" proves nothing.
@Suite struct PrometheusTextTests {
    @Test func readsSamplesLabelsAndHistograms() throws {
        let text = """
            # HELP aics_x_total Things.
            # TYPE aics_x_total counter
            aics_x_total{a="1",b="say \\"hi\\"\\n"} 3
            # TYPE aics_h histogram
            aics_h_bucket{le="0.5"} 1
            aics_h_bucket{le="+Inf"} 2
            aics_h_sum 0.7
            aics_h_count 2
            # TYPE aics_g gauge
            aics_g -1.5e3 1700000000000

            """
        let parsed = try PrometheusText(text)
        #expect(parsed.samples.count == 6)
        #expect(parsed.value("aics_x_total", ["b": "say \"hi\"\n"]) == 3)
        #expect(parsed.value("aics_h_count") == 2)
        #expect(parsed.value("aics_g") == -1500)
    }

    @Test(arguments: [
        "aics_x 1",  // no TYPE line
        "# TYPE aics_x counter\naics_x{a=\"1\" 1",
        "# TYPE aics_x counter\naics_x{1a=\"1\"} 1",
        "# TYPE aics_x counter\naics_x{a=\"\\q\"} 1",
        "# TYPE aics_x counter\naics_x one",
        "# TYPE aics_x counter\naics_x -1",
        "# TYPE aics_x counter\n# TYPE aics_x gauge",
        "# TYPE aics_x counter\naics_x{a=\"1\",a=\"2\"} 1",
        "# TYPE aics_h histogram\naics_h_bucket 1",
        "# TYPE 9x counter",
    ])
    func refusesMalformedText(_ text: String) {
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText(text) }
    }
}
