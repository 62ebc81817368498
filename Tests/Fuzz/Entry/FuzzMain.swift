import FuzzTargets
#if canImport(Glibc)
import Glibc
#endif

#if AICS_LIBFUZZER
import CLibFuzzer

/// libFuzzer's entry: `AICS_FUZZ_TARGET` names the target, every other argument is libFuzzer's
/// (`deploy/local/fuzz.sh` runs it). A broken invariant traps, so libFuzzer records the input.
/// Our own `main` calls libFuzzer's driver because SwiftPM links executables with their module's
/// `main`; libFuzzer's own `main` is not linked (fuzzer_no_main).
@main
struct FuzzMain {
    static func main() {
        guard let name = getenv("AICS_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTarget(rawValue: name) else {
            print("aics-fuzz: set AICS_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
            exit(2)
        }
        selected = target
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
            do {
                try FuzzMain.selected.check(bytes)
            } catch {
                fatalError("invariant broken: \(error)")
            }
            return 0
        })
    }

    /// Set once before the driver starts; read by the C callback, which cannot capture.
    nonisolated(unsafe) static var selected = FuzzTarget.json
}
#else

/// Without the sanitizer build: replays inputs through a target and reports broken invariants.
/// `aics-fuzz TARGET FILE...` (for example a crash file from deploy/local/fuzz.sh).
@main
struct FuzzMain {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            print("usage: aics-fuzz TARGET FILE...   (targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")))")
            exit(2)
        }
        var failures = 0
        for path in arguments.dropFirst() {
            guard let bytes = FuzzCorpus.read(path) else {
                print("\(path): cannot read")
                failures += 1
                continue
            }
            do {
                try target.check(bytes)
                print("\(path): ok")
            } catch {
                print("\(path): \(error)")
                failures += 1
            }
        }
        exit(failures == 0 ? 0 : 1)
    }
}
#endif
