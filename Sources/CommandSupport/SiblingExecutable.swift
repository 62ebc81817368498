import Foundation

/// The executables of one build live side by side: `aics` forwards `bench` and `chaos` to
/// `aics-bench` next to it, and `aics-bench` starts `aics worker` processes from next to itself.
public enum SiblingExecutable {
    /// The path of the running executable (symbolic links resolved).
    public static var current: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// `name` in the running executable's folder, or nil when there is no executable file by that name.
    public static func path(_ name: String) -> String? {
        let path = URL(fileURLWithPath: current).deletingLastPathComponent().appendingPathComponent(name).path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }
}
