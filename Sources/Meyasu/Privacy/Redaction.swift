/// A kind of identifier the scrubber redacts, and the placeholder that replaces it.
public enum RedactionKind: String, Sendable, CaseIterable, Codable, Comparable {
    case name, email, phone, url, ip, myNumber = "my_number", postalCode = "postal_code", staffNumber = "staff_number", address

    /// The typed placeholder written in place of the identifier.
    public var placeholder: String {
        switch self {
        case .email: "〔メール〕"
        case .phone: "〔電話番号〕"
        case .url: "〔URL〕"
        case .ip: "〔IP〕"
        case .myNumber: "〔個人番号〕"
        case .postalCode: "〔郵便番号〕"
        case .staffNumber: "〔職員番号〕"
        case .name: "〔氏名〕"
        case .address: "〔住所〕"
        }
    }

    /// Which kind wins when two detections overlap (the more specific first).
    var priority: Int {
        switch self {
        case .url: 0
        case .email: 1
        case .myNumber: 2
        case .phone: 3
        case .postalCode: 4
        case .staffNumber: 5
        case .ip: 6
        case .address: 7
        case .name: 8
        }
    }

    public static func < (lhs: RedactionKind, rhs: RedactionKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// How many identifiers of each kind were redacted: counts, never values.
public struct RedactionCounts: Sendable, Equatable, Codable {
    public private(set) var counts: [RedactionKind: Int] = [:]

    public init() {}

    public mutating func add(_ kind: RedactionKind, _ count: Int = 1) {
        counts[kind, default: 0] += count
    }

    public mutating func add(_ other: RedactionCounts) {
        for (kind, count) in other.counts { add(kind, count) }
    }

    public var total: Int { counts.values.reduce(0, +) }

    public subscript(kind: RedactionKind) -> Int { counts[kind] ?? 0 }
}
