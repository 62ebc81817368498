import Foundation
import KnowledgeSync

/// A progress bar on standard error for long syncs: redrawn in place on a terminal; on other
/// outputs a line per tenth, and only for runs of `longRun` documents or more.
final class SyncProgressBar: @unchecked Sendable {
    static let longRun = 20
    private let lock = NSLock()
    private let terminal = isatty(STDERR_FILENO) == 1
    private var total = 0
    private var lastTenth = -1
    private var drawn = false

    func start(total: Int) {
        lock.withLock { self.total = total }
    }

    func update(_ progress: SyncProgress) {
        lock.withLock {
            guard total > 0, terminal || total >= Self.longRun else { return }
            let width = 30
            let filled = progress.done * width / max(1, progress.total)
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let line = "[\(bar)] \(progress.done)/\(progress.total) \(progress.action) \(progress.path)\(progress.failure == nil ? "" : " (failed)")"
            if terminal {
                write("\r\u{1B}[K" + line)
                drawn = true
            } else {
                let tenth = progress.done * 10 / max(1, progress.total)
                guard tenth != lastTenth else { return }
                lastTenth = tenth
                write(line + "\n")
            }
        }
    }

    func finish() {
        lock.withLock {
            if drawn { write("\n") }
            drawn = false
        }
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
