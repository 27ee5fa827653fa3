import Foundation

/// A MinHash signature of a proposal's key forms, for finding likely duplicates of earlier
/// proposals so that a department answers once.
///
/// The text is cut into character trigrams (the same units as search); the signature estimates
/// the Jaccard similarity of two proposals' trigram sets. It is a one-permutation MinHash: each
/// trigram is hashed once, the hash's top bits pick one of `bins` bins and the bin keeps its
/// smallest value (empty bins of a very short text borrow the next filled bin's value), which
/// costs one hash per character instead of one per character and bin. Computed in the import's
/// Text stage workers; pure and cheap (no allocation beyond the signature itself).
public struct SimilaritySignature: Sendable, Equatable {
    /// How many values a signature holds.
    public static let bins = 32
    /// Locality-sensitive hashing: the signature is cut into `bands` bands of `rows` values;
    /// two proposals become candidates when one whole band agrees. With 8 × 4 a pair of
    /// similarity 0.7 is a candidate 89% of the time, 0.8: 98.5%, 0.3: 6%.
    public static let bands = 8
    public static let rows = 4

    /// The bin minima; empty when the text has no trigram (fewer than three characters).
    public private(set) var values: [UInt32]

    /// The signature of a proposal's key forms (title and body).
    public init(title: String, body: String) {
        self.init(title.unicodeScalars, body.unicodeScalars)
    }

    /// The signature of key forms given as UTF-8 bytes (as SQLite returns them), the same as of
    /// the strings they encode, without making the strings. Ill-formed bytes are read as U+FFFD,
    /// as `String(decoding:as:)` reads them.
    public init(titleUTF8 title: UnsafeBufferPointer<UInt8>, bodyUTF8 body: UnsafeBufferPointer<UInt8>) {
        if let titleScalars = Self.scalars(title), let bodyScalars = Self.scalars(body) {
            self.init(titleScalars, bodyScalars)
        } else {
            // Ill-formed bytes (never written by Meyasu): read them as a String does.
            self.init(title: String(decoding: title, as: UTF8.self), body: String(decoding: body, as: UTF8.self))
        }
    }

    /// The scalars of well-formed UTF-8, or nil when the bytes are ill-formed.
    private static func scalars(_ bytes: UnsafeBufferPointer<UInt8>) -> [Unicode.Scalar]? {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(bytes.count)
        var index = 0
        let count = bytes.count
        @inline(__always) func continuation(_ offset: Int) -> UInt32? {
            guard index + offset < count else { return nil }
            let byte = bytes[index + offset]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        while index < count {
            let lead = bytes[index]
            let value: UInt32
            let length: Int
            switch lead {
            case 0x00...0x7F:
                value = UInt32(lead)
                length = 1
            case 0xC2...0xDF:
                guard let c1 = continuation(1) else { return nil }
                value = UInt32(lead & 0x1F) << 6 | c1
                length = 2
            case 0xE0...0xEF:
                guard let c1 = continuation(1), let c2 = continuation(2) else { return nil }
                value = UInt32(lead & 0x0F) << 12 | c1 << 6 | c2
                length = 3
            case 0xF0...0xF4:
                guard let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) else { return nil }
                value = UInt32(lead & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
                length = 4
            default:
                return nil
            }
            // Overlong forms, surrogates and values above U+10FFFF are ill-formed.
            guard let scalar = Unicode.Scalar(value),
                  value >= (length == 1 ? 0 : length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000) else { return nil }
            scalars.append(scalar)
            index += length
        }
        return scalars
    }

    private init<Scalars: Sequence<Unicode.Scalar>>(_ title: Scalars, _ body: Scalars) {
        var minima = [UInt32](repeating: .max, count: Self.bins)
        var filled = [Bool](repeating: false, count: Self.bins)
        var window: (UInt64, UInt64) = (0, 0)
        for text in [title, body] {
            // Trigrams do not run across the title's end into the body.
            var seen = 0
            for scalar in text {
                let value = UInt64(scalar.value)
                seen += 1
                if seen >= 3 {
                    let hash = Self.mix((window.0 << 42) | (window.1 << 21) | value)
                    let bin = Int(hash >> 59)
                    let low = UInt32(truncatingIfNeeded: hash)
                    if low < minima[bin] { minima[bin] = low }
                    filled[bin] = true
                }
                window = (window.1, value)
            }
        }
        guard filled.contains(true) else {
            values = []
            return
        }
        // Densify: an empty bin takes the next filled bin's value (circularly), mixed with the
        // distance, so that two texts with the same trigrams still get the same signature.
        var result = minima
        for bin in 0..<Self.bins where !filled[bin] {
            var distance = 1
            var source = (bin + 1) % Self.bins
            while !filled[source] {
                source = (source + 1) % Self.bins
                distance += 1
            }
            result[bin] = UInt32(truncatingIfNeeded: Self.mix(UInt64(minima[source]) &+ UInt64(distance) &* 0x9E37_79B9))
        }
        values = result
    }

    /// A signature read back from the database (`bytes`); nil when the bytes are not one.
    public init?(bytes: Data) {
        guard bytes.count == Self.bins * 4 else { return nil }
        var values = [UInt32](repeating: 0, count: Self.bins)
        bytes.withUnsafeBytes { raw in
            for index in 0..<Self.bins { values[index] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) }
        }
        self.values = values
    }

    /// True for a text too short to have a trigram: it is never linked.
    public var isEmpty: Bool { values.isEmpty }

    /// The signature as stored (`bins` little-endian 32-bit values).
    public var bytes: Data {
        // A closure, not the key path \.littleEndian (which goes through the key-path machinery
        // for every value), and Data(bytes:count:), which copies in one go (the Sequence
        // initialiser goes byte by byte).
        values.map { $0.littleEndian }.withUnsafeBytes { Data(bytes: $0.baseAddress!, count: $0.count) }
    }

    /// The estimated Jaccard similarity of the two trigram sets (0…1).
    public func similarity(to other: SimilaritySignature) -> Double {
        guard values.count == Self.bins, other.values.count == Self.bins else { return 0 }
        var equal = 0
        for index in 0..<Self.bins where values[index] == other.values[index] { equal += 1 }
        return Double(equal) / Double(Self.bins)
    }

    /// The estimated similarity to a signature in its stored form (`bytes`), read in place.
    public func similarity(toStored bytes: UnsafeRawBufferPointer) -> Double {
        guard values.count == Self.bins, bytes.count == Self.bins * 4 else { return 0 }
        var equal = 0
        for index in 0..<Self.bins
        where UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)) == values[index] {
            equal += 1
        }
        return Double(equal) / Double(Self.bins)
    }

    /// One bucket per band: a hash of the band's number and values.
    public var buckets: [Int64] {
        guard values.count == Self.bins else { return [] }
        return (0..<Self.bands).map { band in
            var hash = UInt64(band + 1) &* 0x9E37_79B9_7F4A_7C15
            for row in 0..<Self.rows { hash = Self.mix(hash ^ UInt64(values[band * Self.rows + row])) }
            return Int64(bitPattern: hash)
        }
    }

    /// SplitMix64's finaliser: a fast, well-spread 64-bit hash.
    @inline(__always)
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
