import CICU

/// Turns a cell's bytes into a String in the file's encoding, or nil when the bytes are not
/// valid in it. Not thread-safe (it owns an ICU converter); one per import.
public final class CellDecoder {
    public let encoding: TextEncoding
    private var converter: OpaquePointer?
    private var utf16 = [UInt16](repeating: 0, count: 4096)
    private var utf8 = [UInt8](repeating: 0, count: 3 * 4096)

    public init(encoding: TextEncoding) {
        self.encoding = encoding
        if encoding == .cp932 {
            converter = cicu_converter_open("windows-31j")
            precondition(converter != nil, "ICU has no windows-31j converter")
        }
    }

    deinit {
        if let converter { cicu_converter_close(converter) }
    }

    /// Decodes `bytes`; nil when they hold a sequence invalid in the encoding.
    public func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    /// Decodes `bytes`; nil when they hold a sequence invalid in the encoding.
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if bytes.isEmpty { return "" }
        switch encoding {
        case .utf8:
            return String(validating: bytes, as: UTF8.self)
        case .cp932:
            if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
            // CP932 never yields more UTF-16 units than it has bytes, nor more than 3 UTF-8
            // bytes per input byte. ICU writes UTF-8 directly: Swift's UTF-16 decoding is slow.
            if utf16.count < bytes.count { utf16 = [UInt16](repeating: 0, count: bytes.count) }
            if utf8.count < bytes.count * 3 { utf8 = [UInt8](repeating: 0, count: bytes.count * 3) }
            var errorOffset: Int32 = 0
            let count = utf16.withUnsafeMutableBufferPointer { scratch in
                utf8.withUnsafeMutableBufferPointer { out in
                    cicu_converter_to_utf8(converter, bytes.baseAddress, Int32(bytes.count),
                                           scratch.baseAddress, Int32(scratch.count),
                                           out.baseAddress, Int32(out.count), &errorOffset)
                }
            }
            guard count >= 0 else { return nil }
            return utf8.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[0..<Int(count)]), as: UTF8.self) }
        }
    }

    private func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte >= 0x80 { return false }
        return true
    }
}
