import Foundation

/// The committed inputs: seeds under Tests/Fuzz/Corpus/<target>/ and what fuzzing found under
/// Tests/Fuzz/Findings/<target>/ (kept so that a finding stays a regression test once fixed).
package enum FuzzCorpus {
    /// Tests/Fuzz of this checkout.
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// Every committed input of `target`, as (path relative to Tests/Fuzz, bytes), sorted by path.
    package static func inputs(of target: FuzzTarget) -> [(path: String, bytes: [UInt8])] {
        var inputs: [(path: String, bytes: [UInt8])] = []
        for folder in ["Corpus", "Findings"] {
            let directory = root.appendingPathComponent(folder).appendingPathComponent(target.rawValue)
            guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey]) else { continue }
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, let bytes = read(url.path) else { continue }
                inputs.append((String(url.path.dropFirst(root.path.count + 1)), bytes))
            }
        }
        return inputs.sorted { $0.path < $1.path }
    }

    package static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }
}
