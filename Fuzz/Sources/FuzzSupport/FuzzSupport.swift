import CFuzzDriver
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stops the run as a libFuzzer crash when an invariant does not hold: libFuzzer sees the
/// abort, saves the input to `Fuzz/findings/` and prints the message above the stack trace.
public func invariant(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition() {
        let text = Array("invariant failed (\(file):\(line)): \(message())\n".utf8)
        text.withUnsafeBufferPointer { _ = systemWrite(2, $0.baseAddress!, $0.count) }
        abort()
    }
}

/// A file that holds the current input, for the readers that take a path (`ByteFile`).
///
/// One per process, rewritten for each input; in /dev/shm when there is one, so the fuzzer
/// does not wear the disk.
public enum ScratchFile {
    public static let path: String = {
        var info = stat()
        let folder = stat("/dev/shm", &info) == 0 ? "/dev/shm" : "/tmp"
        return "\(folder)/meyasu-fuzz-\(getpid()).csv"
    }()

    /// Replaces the file's content with `bytes` and returns its path.
    public static func write(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        invariant(fd >= 0, "cannot open \(path)")
        var written = 0
        while written < bytes.count {
            let count = systemWrite(fd, bytes.baseAddress! + written, bytes.count - written)
            invariant(count > 0, "cannot write \(path)")
            written += count
        }
        close(fd)
        return path
    }
}

/// True when `bytes` are well-formed UTF-8, checked independently of the code under test:
/// a String made by replacing bad sequences gives the same bytes back only when there were none.
public func isWellFormedUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let repaired = String(decoding: bytes, as: UTF8.self)
    return repaired.utf8.elementsEqual(bytes)
}

private func systemWrite(_ fd: Int32, _ pointer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, pointer, count)
    #else
    Darwin.write(fd, pointer, count)
    #endif
}

/// Runs libFuzzer with `callback` as the target: what each target's `<Module>_main` does.
///
/// SwiftPM links executables with `--defsym main=<Module>_main` (so tests can link them), which
/// keeps libFuzzer's own `main` out; each target therefore defines that symbol and calls this.
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
                      _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var argc = argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
