/// How one export's header row lines up with a form profile.
public struct HeaderMap: Sendable, Equatable {
    /// For each CSV column, the index of the profile column it fills, or nil when unknown.
    public var binding: [Int?]
    /// Headers the profile does not know; reported once and ignored.
    public var unknownHeaders: [String]
    /// Required profile columns that no header matched.
    public var missingRequired: [String]
    /// How many headers the profile recognised.
    public var matched: Int { binding.lazy.compactMap { $0 }.count }

    /// Lines `headers` up with `profile`.
    /// - Throws: `IngestError` `.badHeader` when a header appears twice or two headers fill
    ///   the same (non-identifier) column.
    public init(headers: [String], profile: FormProfile, fileName: String) throws {
        var lookup: [String: Int] = [:]
        for (index, column) in profile.columns.enumerated() {
            for header in column.headers { lookup[Self.canonical(header)] = index }
        }
        var seen: [String: String] = [:]
        var filled: [Int: String] = [:]
        binding = []
        unknownHeaders = []
        for header in headers {
            let key = Self.canonical(header)
            if key.isEmpty {
                binding.append(nil)
                unknownHeaders.append("(blank)")
                continue
            }
            if seen[key] != nil {
                // A header the profile knows is named; anything else may be a data row read as a
                // header (a file without one), so only its position is given, never its text.
                let column = lookup[key] != nil ? header : "number \(binding.count + 1)"
                throw IngestError(.badHeader, "\(fileName) has the column \(column) twice in its header; remove one and import again.")
            }
            seen[key] = header
            guard let index = lookup[key] else {
                binding.append(nil)
                unknownHeaders.append(header)
                continue
            }
            let column = profile.columns[index]
            if column.role != .identifier, let earlier = filled[index] {
                throw IngestError(.badHeader, "\(fileName) has both \(earlier) and \(header), which both mean \(column.displayName); remove one and import again.")
            }
            filled[index] = header
            binding.append(index)
        }
        missingRequired = profile.columns.enumerated()
            .filter { $0.element.isRequired && filled[$0.offset] == nil }
            .map { $0.element.displayName }
    }

    /// A header as compared: full-width ASCII made half-width, spaces and a stray BOM removed.
    static func canonical(_ header: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in header.unicodeScalars {
            switch scalar.value {
            case 0xFEFF, 0x20, 0x09, 0x3000, 0x0A, 0x0D: continue
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            default: scalars.append(scalar)
            }
        }
        return String(scalars).lowercased()
    }
}
