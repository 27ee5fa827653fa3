#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file read in large chunks, with seeking; the only file I/O of the ingest stage.
///
/// Memory stays flat whatever the file's size: one chunk is held at a time.
public final class ByteFile {
    public let path: String
    /// The file's name without its folder, for messages.
    public let displayName: String
    private let descriptor: Int32

    /// Opens `path` for reading.
    /// - Throws: `IngestError` `.unreadable` when the file cannot be opened.
    public init(path: String) throws {
        self.path = path
        self.displayName = path.split(separator: "/").last.map(String.init) ?? path
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw IngestError(.unreadable, "\(displayName) cannot be opened: \(Self.errnoSentence()); check the path.")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw IngestError(.unreadable, "\(displayName) is not a regular file; give the path of a CSV export.")
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestError(.unreadable, "\(displayName) cannot be opened: \(Self.errnoSentence()); check the path and its permissions.")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// The file's size in bytes.
    public var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Moves the read position to `offset` bytes from the start.
    public func seek(to offset: Int) throws {
        if lseek(descriptor, off_t(offset), SEEK_SET) < 0 {
            throw IngestError(.unreadable, "\(displayName) cannot be read: \(Self.errnoSentence()).")
        }
    }

    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end of the file.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = systemRead(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw IngestError(.unreadable, "\(displayName) cannot be read: \(Self.errnoSentence()).")
        }
    }

    /// Calls `body` with each successive chunk of the file from the current position.
    public func forEachChunk(size chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Bool) throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return }
            if try !body(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) { return }
        }
    }

    private static func errnoSentence() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(fd, buffer, count)
    #else
    Darwin.read(fd, buffer, count)
    #endif
}
