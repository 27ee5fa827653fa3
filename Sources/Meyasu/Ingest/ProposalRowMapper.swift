import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Turns one CSV record of a proposal export into a `ProposalSubmission`, or says which
/// column of which line is wrong.
///
/// Identifier columns are never decoded: their bytes are dropped with the record.
public final class ProposalRowMapper: RowMapping {
    private let profile: FormProfile
    private let headers: [String]
    /// The profile's column bound to each header position, looked up once (nil: not used).
    private let slots: [Slot?]
    private let decoder: CellDecoder
    private let keyer: ResponseKeyer
    private let coarsening: DateCoarsening
    private let scrubber: PIIScrubber
    /// The scrubber's buffers, reused row after row (a mapper runs on one thread).
    private let scratch = PIIScrubber.Scratch()
    /// Leave the scrubbing to a later stage (the import's Text stage): each submission comes out
    /// marked `awaitsScrubbing`.
    private let defersScrubbing: Bool

    /// - Parameters:
    ///   - profile: the form profile, already checked with `problems()`.
    ///   - headers: the header row, for column names in messages.
    ///   - map: how the header lines up with the profile.
    ///   - decoder: decodes cells in the file's encoding.
    ///   - keyer: hashes 回答ID.
    ///   - coarsening: how much of the submission date to keep.
    ///   - defersScrubbing: leave the identifiers in the text, for a later stage to scrub.
    public init(profile: FormProfile, headers: [String], map: HeaderMap, decoder: CellDecoder,
                keyer: ResponseKeyer, coarsening: DateCoarsening = .day, scrubber: PIIScrubber = PIIScrubber(),
                defersScrubbing: Bool = false) {
        self.scrubber = scrubber
        self.defersScrubbing = defersScrubbing
        self.profile = profile
        self.headers = headers
        self.slots = map.binding.map { $0.map { Slot(profile.columns[$0]) } }
        self.decoder = decoder
        self.keyer = keyer
        self.coarsening = coarsening
    }

    /// Maps `record`; a failure names the line and column and never quotes the cell.
    public func map(_ record: CSVRecord) -> Result<ProposalSubmission, RowProblem> {
        func problem(_ reason: String, column: Int? = nil) -> Result<ProposalSubmission, RowProblem> {
            .failure(record.problem(reason, column: column, headers: headers))
        }
        if let structural = record.structuralProblem(headers: headers) { return .failure(structural) }

        var responseKey: Data?
        var submittedOn: CivilDate?
        var title = ""
        var texts: [ProposalSubmission.TextField] = []
        var choices: [ProposalSubmission.ChoiceField] = []
        var hint: String?
        var flags: [String] = []

        for index in 0..<record.cellCount {
            guard let column = slots[index] else { continue }
            let bytes = record.cell(index)
            if column.role == .identifier {
                if let flag = column.presenceFlag, !Self.isBlank(bytes) { flags.append(flag) }
                continue
            }
            let value: String
            switch record.decodedCell(index, decoder: decoder, headers: headers) {
            case .success(let decoded): value = decoded
            case .failure(let failure): return .failure(failure)
            }
            switch column.role {
            case .responseID:
                let trimmed = value.trimmingWhitespace()
                if trimmed.isEmpty { return problem("回答ID is empty", column: index) }
                responseKey = keyer.key(for: trimmed)
            case .submittedAt:
                guard let date = bytes.withUnsafeBufferPointer({ CivilDate.parseTimestamp(bytes: $0) }) else {
                    return problem("not a real date and time (expected e.g. 2025/06/12 14:03:27)", column: index)
                }
                submittedOn = coarsening.apply(to: date)
            case .text:
                let text = Self.tidy(value)
                if column.isTitle {
                    title = text
                } else {
                    texts.append(.init(field: column.field, label: column.label, text: text))
                }
            case .choice:
                let text = Self.tidy(value)
                choices.append(.init(field: column.field, label: column.label, values: text.isEmpty ? [] : [text]))
            case .choices:
                let values = Self.splitChoices(value, separator: column.separator)
                choices.append(.init(field: column.field, label: column.label, values: values))
            case .routingHint:
                let text = Self.tidy(value)
                hint = text.isEmpty ? nil : text
            case .identifier, .likert, .demographic:
                continue
            }
        }
        guard let responseKey else { return problem("回答ID is empty") }
        guard let submittedOn else { return problem("回答日時 is empty") }
        // The hash covers the text as read (so a better scrubber or normaliser never turns a stored
        // response into a conflict); the stored text is the scrubbed one.
        let contentHash = Self.contentHash(keyer.contentHasher(), submittedOn: submittedOn, title: title,
                                           texts: texts, choices: choices, hint: hint, flags: flags)
        var submission = ProposalSubmission(
            responseKey: responseKey, contentHash: contentHash,
            submittedOn: submittedOn, title: title, texts: texts, choices: choices,
            routingHint: hint, flags: flags)
        // All free text of the response in one pass of the scrubber, here or in a later stage.
        if defersScrubbing {
            submission.awaitsScrubbing = true
        } else {
            scrub(&submission)
        }
        return .success(submission)
    }

    /// Scrubs a submission this mapper left `awaitsScrubbing`, with its own scrubber and buffers
    /// (on the mapper's thread, as `map`).
    func scrub(_ submission: inout ProposalSubmission) {
        submission.scrub(with: scrubber, scratch: scratch)
    }

    /// What the mapper reads of a profile column, taken out once: a class, so that looking one up
    /// per cell costs one retain, where copying a `FormProfile.Column` retained every string and
    /// array it holds.
    private final class Slot {
        let role: FormProfile.Role
        let field: String
        let label: String
        let isTitle: Bool
        let separator: String
        let presenceFlag: String?

        init(_ column: FormProfile.Column) {
            role = column.role
            field = column.field ?? ""
            label = column.displayName
            isTitle = column.field == "title"
            separator = column.separator ?? ","
            presenceFlag = column.presenceFlag
        }
    }

    /// True when an (undecoded) identifier cell holds only spaces, tabs, line breaks or
    /// ideographic spaces (U+3000 in UTF-8: E3 80 80; in CP932: 81 40).
    static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            } else if byte == 0xE3, bytes.index(index, offsetBy: 2) < bytes.endIndex,
                      bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
                index += 3
            } else if byte == 0x81, index + 1 < bytes.endIndex, bytes[index + 1] == 0x40 {
                index += 2
            } else {
                return false
            }
        }
        return true
    }

    /// Line breaks made LF, surrounding blanks removed. (Normalisation proper is the Text stage's.)
    static func tidy(_ value: String) -> String {
        var text = value
        let hasCR = text.utf8.withContiguousStorageIfAvailable { buffer in
            buffer.baseAddress.map { memchr($0, 0x0D, buffer.count) != nil } ?? false
        } ?? text.utf8.contains(0x0D)
        if hasCR {
            text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        return mayNeedTrimming(text) ? String(text.trimmingWhitespace()) : text
    }

    /// False when neither end of `text` is whitespace, decided from the bytes at its ends: a
    /// Unicode property lookup per field costs more than the rest of the tidying.
    static func mayNeedTrimming(_ text: String) -> Bool {
        UTF8Bytes.with(text) { mayNeedTrimming(utf8: $0) }
    }

    private static func mayNeedTrimming(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last else { return false }
        if first <= 0x20 || last <= 0x20 { return true }
        if first < 0x80 && last < 0x80 { return false }
        // Whitespace outside ASCII: U+0085, U+00A0 (C2 85, C2 A0), U+1680 (E1 9A 80),
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F (E2 80 xx, E2 81 9F), U+3000 (E3 80 80).
        func isWhitespace(from start: Int) -> Bool {
            let b0 = bytes[start]
            let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
            guard start + length <= bytes.count else { return false }
            let b1 = bytes[start + 1], b2 = length > 2 ? bytes[start + 2] : 0
            switch length {
            case 2: return b0 == 0xC2 && (b1 == 0x85 || b1 == 0xA0)
            case 3:
                switch (b0, b1, b2) {
                case (0xE1, 0x9A, 0x80), (0xE2, 0x81, 0x9F), (0xE3, 0x80, 0x80): return true
                case (0xE2, 0x80, let byte): return byte <= 0x8A || byte == 0xA8 || byte == 0xA9 || byte == 0xAF
                default: return false
                }
            default: return false
            }
        }
        if first >= 0x80, isWhitespace(from: 0) { return true }
        if last >= 0x80 {
            // The last scalar starts at the last byte that is not a continuation byte.
            var start = bytes.count - 1
            while start > 0, bytes[start] & 0xC0 == 0x80 { start -= 1 }
            if isWhitespace(from: start) { return true }
        }
        return false
    }

    /// The options of a multi-select cell, trimmed, without empty ones.
    static func splitChoices(_ value: String, separator: String) -> [String] {
        if separator.utf8.count == 1, let byte = separator.utf8.first, byte < 0x80 {
            // The common case (","), on bytes: an ASCII byte never occurs inside a multi-byte character.
            return value.utf8.split(separator: byte, omittingEmptySubsequences: true).compactMap { part in
                let option = String(Substring(part))
                let trimmed = mayNeedTrimming(option) ? String(option.trimmingWhitespace()) : option
                return trimmed.isEmpty ? nil : trimmed
            }
        }
        return value.split(separator: separator, omittingEmptySubsequences: true)
            .map { String($0.trimmingWhitespace()) }
            .filter { !$0.isEmpty }
    }

    static func contentHash(_ hasher: HMAC<SHA256>, submittedOn: CivilDate, title: String,
                            texts: [ProposalSubmission.TextField], choices: [ProposalSubmission.ChoiceField],
                            hint: String?, flags: [String]) -> Data {
        var hasher = hasher
        // One buffer and one update: HMAC's update is generic and costs more per call than per byte.
        // The fields are read in place (by index), not copied, nor joined into new strings.
        var message: [UInt8] = []
        message.reserveCapacity(title.utf8.count + texts.reduce(0) { $0 + $1.text.utf8.count } + 256)
        func add(_ parts: [String], separator: UInt8) {
            for index in parts.indices {
                if index > 0 { message.append(separator) }
                UTF8Bytes.append(parts[index], to: &message)
            }
            message.append(0x1F)
        }
        func add(_ part: String) {
            UTF8Bytes.append(part, to: &message)
            message.append(0x1F)
        }
        // Only filled-in fields, in field-name order: a new optional column in the form, or
        // columns in another order, must not turn every stored response into a conflict.
        add(submittedOn.iso)
        add(title)
        var order: [Int] = []
        order.reserveCapacity(max(texts.count, choices.count))
        // The filled-in positions, sorted by field name (insertion: a handful of fields).
        func sortOrder(by field: (Int) -> String) {
            for next in order.indices.dropFirst() {
                var at = next
                while at > 0, field(order[at]) < field(order[at - 1]) {
                    order.swapAt(at, at - 1)
                    at -= 1
                }
            }
        }
        for index in texts.indices where !texts[index].text.isEmpty { order.append(index) }
        sortOrder { texts[$0].field }
        for index in order {
            add(texts[index].field)
            add(texts[index].text)
        }
        order.removeAll(keepingCapacity: true)
        for index in choices.indices where !choices[index].values.isEmpty { order.append(index) }
        sortOrder { choices[$0].field }
        for index in order {
            add(choices[index].field)
            add(choices[index].values, separator: 0x1E)
        }
        add(hint ?? "")
        add(flags, separator: 0x2C)
        hasher.update(data: message)
        return Data(hasher.finalize())
    }
}

/// How much of a submission's date is kept.
public enum DateCoarsening: String, Sendable, Codable {
    /// The calendar date.
    case day
    /// The Monday of its week.
    case week

    public func apply(to date: CivilDate) -> CivilDate {
        self == .week ? date.weekStart : date
    }
}
