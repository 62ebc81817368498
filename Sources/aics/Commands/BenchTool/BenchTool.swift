import ArgumentParser
import CommandSupport
import Foundation

/// `aics-bench`, the benchmark and chaos tool: the provider fakes and the benchmark's machinery
/// live there so that the production `aics` binary links no test doubles. `aics bench` and
/// `aics chaos` replace this process with it (same arguments, same environment, same terminal).
enum BenchTool {
    static let name = "aics-bench"

    /// Replaces this process with `aics-bench <command> arguments...`; only returns by throwing.
    static func exec(_ command: String, _ arguments: [String]) throws -> Never {
        guard let path = SiblingExecutable.path(name) else {
            throw CommandFailure("""
                aics \(command) needs the aics-bench tool, built with `swift build --product aics-bench` \
                next to this aics (\(SiblingExecutable.current)); production images do not ship it
                """)
        }
        let argv = ([path, command] + arguments).map { strdup($0) } + [nil]
        fflush(nil)
        execv(path, argv)
        let reason = String(cString: strerror(errno))
        throw CommandFailure("cannot run \(path): \(reason)")
    }

    /// The help text of the forwarding commands: where the real flags are documented.
    static func discussion(_ command: String) -> String {
        """
        This command runs `aics-bench \(command)` with the same arguments: the benchmark's machinery \
        and the provider fakes are not linked into the production aics binary. aics-bench is built \
        with `swift build --product aics-bench` (release: add -c release) next to aics; production \
        images do not ship it. Its workers are real `aics worker` processes of the aics next to it.
        Full help with every flag: `aics-bench \(command) --help` (which is also what \
        `aics \(command) --help` shows once aics-bench is built).
        """
    }
}
