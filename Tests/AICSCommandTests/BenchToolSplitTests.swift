import Foundation
import Testing

/// The production `aics` binary links no test doubles: the provider fakes and the benchmark live
/// in `aics-bench`, which `aics bench` and `aics chaos` run when it is installed next to aics.
@Suite(.enabled(if: AICSBinary.executable != nil, "needs the built aics executable"))
struct BenchToolSplitTests {
    static var benchTool: URL? {
        guard let aics = AICSBinary.executable else { return nil }
        let tool = aics.deletingLastPathComponent().appendingPathComponent("aics-bench")
        return FileManager.default.isExecutableFile(atPath: tool.path) ? tool : nil
    }

    /// Every Swift symbol of module M starts with `$s<length>M` (`$s5Fakes...`); a debug build
    /// keeps its symbol table, so a module that is linked shows up in the file's bytes.
    static func mentions(_ binary: URL, module: String) throws -> Bool {
        let data = try Data(contentsOf: binary, options: .alwaysMapped)
        let needle = Array("$s\(module.utf8.count)\(module)".utf8)
        // memchr for the needle's first byte, then memcmp (glibc's memmem is not in Swift's Glibc).
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Bool in
            guard let base = bytes.baseAddress else { return false }
            var offset = 0
            while offset + needle.count <= bytes.count {
                guard let hit = memchr(base + offset, Int32(needle[0]), bytes.count - offset - needle.count + 1) else { return false }
                offset = base.distance(to: UnsafeRawPointer(hit))
                if memcmp(base + offset, needle, needle.count) == 0 { return true }
                offset += 1
            }
            return false
        }
    }

    /// Help text with its line wrapping undone (it wraps at the terminal's width).
    static func unwrapped(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test("the aics binary contains no symbol of the Fakes module; aics-bench does (so the check can see it)")
    func productionBinaryLinksNoFakes() throws {
        let aics = try #require(AICSBinary.executable)
        let tool = try #require(Self.benchTool, "aics-bench is not built next to \(aics.path)")
        #expect(try Self.mentions(aics, module: "Pipeline"), "no Pipeline symbols in aics: stripped? the check would prove nothing")
        #expect(try !Self.mentions(aics, module: "Fakes"), "\(aics.path) links the provider fakes")
        #expect(try Self.mentions(tool, module: "Fakes"), "no Fakes symbols in aics-bench: the check cannot see modules")
    }

    @Test("aics bench and aics chaos run aics-bench with the same arguments (its full help comes back)")
    func forwardsToBenchTool() async throws {
        try #require(Self.benchTool != nil, "aics-bench is not built")
        let bench = try await AICSBinary.run(["bench", "--help"])
        #expect(bench.status == 0, "\(bench.all)")
        #expect(bench.stdout.contains("USAGE: aics-bench bench"), "\(bench.all)")
        #expect(Self.unwrapped(bench.stdout).contains("`bench pipeline --help` lists its flags (--smoke,"), "\(bench.all)")

        let kafka = try await AICSBinary.run(["bench", "kafka", "--help"])
        #expect(kafka.status == 0, "\(kafka.all)")
        #expect(kafka.stdout.contains("USAGE: aics-bench bench kafka"), "\(kafka.all)")

        let chaos = try await AICSBinary.run(["chaos", "--reduced", "--rate", "0"])
        #expect(chaos.status != 0)
        #expect(chaos.stderr.contains("sizes, counts, rates and times must be positive"), "\(chaos.all)")
    }

    @Test("without aics-bench next to it, aics bench and aics chaos fail saying how to get it; aics help bench says where the full help is")
    func missingBenchTool() async throws {
        let aics = try #require(AICSBinary.executable)
        // A hard link in a folder of its own (same file system as the build, so no copy of the binary).
        let folder = aics.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("aics-alone-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let alone = folder.appendingPathComponent("aics")
        do { try FileManager.default.linkItem(at: aics, to: alone) } catch { try FileManager.default.copyItem(at: aics, to: alone) }

        for command in ["bench", "chaos"] {
            let result = try await AICSBinary.run([command, "--smoke"], binary: alone)
            #expect(result.status != 0)
            #expect(result.stderr.contains("aics \(command) needs the aics-bench tool, built with `swift build --product aics-bench`"), "\(result.all)")
            #expect(result.stderr.contains("production images do not ship it"), "\(result.all)")
        }
        let help = try await AICSBinary.run(["help", "bench"], binary: alone)
        #expect(help.status == 0, "\(help.all)")
        #expect(Self.unwrapped(help.stdout).contains("Full help with every flag: `aics-bench bench --help`"), "\(help.all)")
    }
}
