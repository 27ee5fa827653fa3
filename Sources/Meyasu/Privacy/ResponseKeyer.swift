import Crypto
import Foundation

/// Turns a form service's `回答ID` into the keyed hash that is all Meyasu keeps of it.
///
/// HMAC-SHA256 under a secret key kept in a file outside the database: the same response gets
/// the same key in every nightly export, yet nobody holding only the database can tell which
/// 回答ID (and so which form-service record) a proposal came from.
// The keyed HMAC state is a value that is never mutated after init (each use works on a copy),
// so sharing it across threads is safe; swift-crypto 3 just does not declare it Sendable.
public struct ResponseKeyer: @unchecked Sendable {
    /// The HMAC state right after keying; copied for each 回答ID, so the key's pads are
    /// computed once rather than per row.
    private let keyed: HMAC<SHA256>

    /// - Parameter secret: at least 32 bytes of key material.
    public init(secret: [UInt8]) {
        precondition(secret.count >= 32, "the response key must hold at least 32 bytes")
        keyed = HMAC<SHA256>(key: SymmetricKey(data: secret))
    }

    /// A keyed hasher for a response's content. The content hash is keyed like the 回答ID: it is
    /// taken over the text as read, identifiers included, and an unkeyed hash of a text whose
    /// redacted rest is stored could be brute-forced back to a phone number.
    public func contentHasher() -> HMAC<SHA256> { keyed }

    /// The keyed hash of `responseID` (32 bytes).
    public func key(for responseID: some StringProtocol) -> Data {
        var text = String(responseID)
        var hmac = keyed
        text.withUTF8 { hmac.update(data: UnsafeRawBufferPointer($0)) }
        return Data(hmac.finalize())
    }
}

/// Lowercase hexadecimal.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count / 2)
        var index = 0
        while index < chars.count {
            guard let high = nibble(chars[index]), let low = nibble(chars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }

    private static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
