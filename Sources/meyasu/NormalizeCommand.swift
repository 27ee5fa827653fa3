import ArgumentParser
import Foundation
import Meyasu
#if canImport(Glibc)
import Glibc
#endif

extension TextNormalizer.Mode: ExpressibleByArgument {}

struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Normalise UTF-8 lines from stdin to stdout: one output line per input line.",
        discussion: "display: what departments read (widths, kana, dashes and wave dashes unified; spaces collapsed). key: the form routing, duplicate detection and search use (display plus spaces next to Japanese removed, long-vowel runs collapsed, Latin case folded, NFKC). See docs/normalization.md."
    )

    @Option(name: .long, help: "display or key.")
    var mode: TextNormalizer.Mode = .display

    func run() throws {
        let normalizer = TextNormalizer()
        var buffers = TextNormalizer.Buffers()
        var output = OutputBuffer()
        try StandardInput.forEachLine { line in
            normalizer.normalize(utf8: line, mode: mode, into: &buffers)
            try output.write(buffers.output)
            try output.write(CollectionOfOne(0x0A))
        }
        try output.flush()
    }
}

/// Standard input read in 1 MiB chunks and cut into lines (LF or CR LF), streaming.
enum StandardInput {
    /// Calls `body` with each line's bytes, without its line end; a last line without one too.
    static func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var pending: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { chunk.deallocate() }
        func emit(_ line: UnsafeBufferPointer<UInt8>) throws {
            if let last = line.last, last == 0x0D {
                try body(UnsafeBufferPointer(rebasing: line.dropLast()))
            } else {
                try body(line)
            }
        }
        while true {
            let count = read(0, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("standard input cannot be read: \(String(cString: strerror(errno))).", .noInput)
            }
            if count == 0 { break }
            let bytes = UnsafeBufferPointer(start: chunk.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)
            var start = 0
            while let newline = bytes[start...].firstIndex(of: 0x0A) {
                if pending.isEmpty {
                    try emit(UnsafeBufferPointer(rebasing: bytes[start..<newline]))
                } else {
                    pending.append(contentsOf: bytes[start..<newline])
                    try pending.withUnsafeBufferPointer { try emit($0) }
                    pending.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            pending.append(contentsOf: bytes[start...])
        }
        if !pending.isEmpty {
            try pending.withUnsafeBufferPointer { try emit($0) }
        }
    }
}

/// Buffered writes to standard output (one write per 1 MiB instead of one per line).
struct OutputBuffer {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(1 << 20) }

    mutating func write(_ data: some Collection<UInt8>) throws {
        bytes.append(contentsOf: data)
        if bytes.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure("standard output cannot be written: \(String(cString: strerror(errno))).", .unexpected)
            }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
