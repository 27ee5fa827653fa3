/// A string's UTF-8, read where the string keeps it, for the import's per-row work: `withUTF8`
/// needs a `var` (a copy of the string: a retain and a release), and so does appending
/// `text.utf8` to an array.
enum UTF8Bytes {
    /// Calls `body` with the UTF-8 of `text`.
    @inline(__always)
    static func with<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let result = try text.utf8.withContiguousStorageIfAvailable(body) { return result }
        // A bridged or otherwise foreign string: a native copy first.
        var copy = text
        return try copy.withUTF8(body)
    }

    /// Appends the UTF-8 of `text` to `out`.
    @inline(__always)
    static func append(_ text: String, to out: inout [UInt8]) {
        with(text) { out.append(contentsOf: $0) }
    }
}

extension UTF8Bytes {
    /// The string of `scalars` (values that are not scalars, such as surrogates, left out),
    /// encoded in one go: appending scalar by scalar grows the string at every step.
    static func string(scalars: some Collection<UInt32>) -> String {
        String(unsafeUninitializedCapacity: 4 * scalars.count) { out in
            var count = 0
            for value in scalars {
                guard let scalar = Unicode.Scalar(value) else { continue }
                for byte in UTF8.encode(scalar)! {
                    out[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}

extension UTF8Bytes {
    /// Appends the UTF-8 of a literal to `out`, from where the program keeps it.
    @inline(__always)
    static func append(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }
}
