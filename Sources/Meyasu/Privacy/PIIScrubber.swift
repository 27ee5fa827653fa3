/// Finds identifiers inside free text and replaces each with a typed placeholder
/// (〔メール〕, 〔電話番号〕, 〔個人番号〕, …).
///
/// Detection runs on a folded view of the text — full-width letters and digits made ASCII, every
/// dash a hyphen, every space a space — one view character per original character, so that
/// `０９０－１２３４－５６７８`, `090ー1234ー5678` and `taro＠city.example.jp` are caught, while the
/// redaction replaces the original span. This slice recognises contact and number identifiers
/// (e-mail, phone numbers and extensions, URLs with a user or a query, IP addresses, My Number
/// with a valid check digit, postal codes after 〒 or 郵便番号, staff numbers after 職員番号 / 職番 /
/// ID); personal names and street addresses are the next recognisers (docs/privacy.md).
///
/// A pure value: no I/O, safe to share.
public struct PIIScrubber: Sendable {
    /// Personal names (from the roster, or common surnames with an honorific or title).
    let names: NameRecognizer

    /// - Parameter roster: the HR staff list, if configured; without it only common surnames
    ///   followed by an honorific or title are recognised as names.
    public init(roster: Roster? = nil) {
        names = NameRecognizer(roster: roster)
    }

    /// A found identifier: the range of scalars it covers and its kind.
    public struct Finding: Sendable, Equatable {
        public var range: Range<Int>
        public var kind: RedactionKind
    }

    /// `text` with every identifier replaced, and how many of each kind were replaced.
    public func scrub(_ text: String) -> (text: String, counts: RedactionCounts) {
        var utf8 = text
        let result: (String, RedactionCounts)? = utf8.withUTF8 { bytes in
            let view = FoldedView(utf8: bytes)
            let findings = resolve(findings(in: view))
            if findings.isEmpty { return nil }
            var counts = RedactionCounts()
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + findings.count * 16)
            var index = 0
            for finding in findings {
                // View ranges map back to byte ranges of the original: the redaction replaces
                // exactly what was written, whatever its width or kana.
                let range = view.originalRange(finding.range)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<range.lowerBound]))
                out.append(contentsOf: finding.kind.placeholder.utf8)
                counts.add(finding.kind)
                index = range.upperBound
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index...]))
            return (String(decoding: out, as: UTF8.self), counts)
        }
        // Nothing found: the text as it came, without building a new string.
        return result ?? (text, RedactionCounts())
    }

    /// Scrubs several fields in one pass (they are joined with U+001F, which no identifier can
    /// span, and split again): one view and one set of scans instead of one per field.
    public func scrub(fields: [String]) -> (fields: [String], counts: RedactionCounts) {
        // Byte-level checks: Character-level ones (grapheme breaking) cost more than the scrub.
        if fields.count < 2 || fields.contains(where: { $0.utf8.contains(0x1F) }) {
            var counts = RedactionCounts()
            let cleaned = fields.map { field in
                let (clean, fieldCounts) = scrub(field)
                counts.add(fieldCounts)
                return clean
            }
            return (cleaned, counts)
        }
        let (joined, counts) = scrub(fields.joined(separator: "\u{1F}"))
        let parts = joined.utf8.split(separator: 0x1F, omittingEmptySubsequences: false).map { String(Substring($0)) }
        return (parts, counts)
    }

    /// The identifiers in `text`, in order, not overlapping, as ranges of its unicode scalars.
    public func findings(in text: String) -> [Finding] {
        let view = FoldedView(text.unicodeScalars.map(\.value))
        return resolve(findings(in: view)).map { Finding(range: view.originalRange($0.range), kind: $0.kind) }
    }

    private func findings(in view: FoldedView) -> [Finding] {
        var found: [Finding] = []
        found += view.urls()
        found += view.emails()
        found += view.myNumbers()
        found += view.phones()
        found += view.postalCodes()
        found += view.staffNumbers()
        found += view.ipAddresses()
        found += view.addresses()
        found += names.findings(in: view)
        return found
    }

    /// Keeps the earliest, then the longest, then the more specific finding; drops what overlaps.
    private func resolve(_ found: [Finding]) -> [Finding] {
        var found = found
        found.sort { ($0.range.lowerBound, -$0.range.count, $0.kind.priority) < ($1.range.lowerBound, -$1.range.count, $1.kind.priority) }
        var kept: [Finding] = []
        for finding in found where kept.last.map({ $0.range.upperBound <= finding.range.lowerBound }) ?? true {
            kept.append(finding)
        }
        return kept
    }
}

/// The text folded for detection: full-width letters and digits made ASCII, half-width katakana
/// made full-width (voiced marks merged), hiragana made katakana (so a name is found in any kana),
/// every space a space, every hyphen and minus a hyphen, and ー a hyphen between digits.
/// `origin` maps each view character back to the original scalar where it starts.
struct FoldedView {
    let chars: [UInt32]
    /// For each view character, the index of the original scalar it starts at.
    let origin: [Int]
    let originalCount: Int

    /// A view of scalars (for patterns): `origin` holds scalar indices.
    init(_ original: [UInt32]) {
        var builder = Builder(capacity: original.count)
        for (index, value) in original.enumerated() { builder.add(value, at: index) }
        self.init(builder, originalCount: original.count)
    }

    /// A view of UTF-8 text: `origin` holds byte offsets, so findings map back to byte ranges.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var builder = Builder(capacity: bytes.count)
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                builder.add(UInt32(lead), at: index)
                index += 1
            } else {
                let (value, length) = UTF8Decoding.decode(bytes, at: index)
                builder.add(value, at: index)
                index += length
            }
        }
        self.init(builder, originalCount: bytes.count)
    }

    private init(_ builder: Builder, originalCount: Int) {
        var chars = builder.chars
        // ー between digits is a hyphen (0258ー39ー2222); elsewhere it is part of a word.
        for index in chars.indices where chars[index] == 0x30FC {
            let before = index > 0 ? chars[index - 1] : 0
            let after = index + 1 < chars.count ? chars[index + 1] : 0
            if (0x30...0x39).contains(before) && (0x30...0x39).contains(after) { chars[index] = 0x2D }
        }
        self.chars = chars
        self.origin = builder.origin
        self.originalCount = originalCount
    }

    /// Folds one scalar at a time into the view.
    private struct Builder {
        var chars: [UInt32] = []
        var origin: [Int] = []
        let tables = UnicodeTables.shared

        init(capacity: Int) {
            chars.reserveCapacity(capacity)
            origin.reserveCapacity(capacity)
        }

        mutating func add(_ value: UInt32, at index: Int) {
            let folded: UInt32
            switch value {
            case 0x00...0x7F, 0x3099...0x30FF where value != 0x3099 && value != 0x309A && value != 0x309B && value != 0x309C,
                 0x4E00...0x9FFF:
                folded = value
            case 0xFF01...0xFF5E: folded = value - 0xFEE0
            case 0x3000, 0x00A0, 0x2000...0x200A, 0x202F: folded = 0x20
            case 0x2010...0x2015, 0x2212, 0xFE63, 0x02D7, 0x2043, 0x207B, 0x208B: folded = 0x2D
            case 0x3041...0x3096: folded = value + 0x60            // hiragana → katakana
            case 0xFF70: folded = 0x30FC
            case 0xFF61...0xFF9D: folded = tables.nfkc[value]?.first ?? value
            case 0x3099, 0x309B, 0xFF9E, 0x309A, 0x309C, 0xFF9F:
                // A voiced mark merges into the kana before it: one view character for two.
                let table = value == 0x3099 || value == 0x309B || value == 0xFF9E ? tables.voiced : tables.semiVoiced
                if let last = chars.last, let composed = table[last] {
                    chars[chars.count - 1] = composed
                    return
                }
                folded = value
            default: folded = value
            }
            chars.append(folded == 0x09 ? 0x20 : folded)
            origin.append(index)
        }
    }

    /// The original scalars that view range `range` covers.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        let start = range.lowerBound < origin.count ? origin[range.lowerBound] : originalCount
        let end = range.upperBound < origin.count ? origin[range.upperBound] : originalCount
        return start..<end
    }

    var count: Int { chars.count }

    subscript(index: Int) -> UInt32 { index >= 0 && index < chars.count ? chars[index] : 0 }

    func isDigit(_ index: Int) -> Bool { (0x30...0x39).contains(self[index]) }
    func isLetter(_ index: Int) -> Bool { (0x41...0x5A).contains(self[index] & ~0x20) && self[index] < 0x80 }
    func isAlnum(_ index: Int) -> Bool { isDigit(index) || isLetter(index) }

    /// Whether the view holds `word` (ASCII letters compared without case) at `index`.
    func matches(_ word: String, at index: Int, ignoringCase: Bool = false) -> Bool {
        var position = index
        for scalar in word.unicodeScalars {
            var value = self[position]
            var expected = scalar.value
            if ignoringCase, value < 0x80, expected < 0x80 {
                value |= 0x20
                expected |= 0x20
            }
            if value != expected { return false }
            position += 1
        }
        return true
    }

    /// All indices where `word` starts. The first character is searched for with a plain
    /// comparison loop (both cases for a Latin letter) and only candidates are compared in full.
    func occurrences(of word: String, ignoringCase: Bool = false) -> [Int] {
        guard let first = word.unicodeScalars.first?.value else { return [] }
        let isLetter = first < 0x80 && ((0x41...0x5A).contains(first) || (0x61...0x7A).contains(first))
        let upper = isLetter && ignoringCase ? first & ~0x20 : first
        let lower = isLetter && ignoringCase ? first | 0x20 : first
        var result: [Int] = []
        chars.withUnsafeBufferPointer { buffer in
            for index in 0..<buffer.count {
                let value = buffer[index]
                if (value == upper || value == lower), matches(word, at: index, ignoringCase: ignoringCase) { result.append(index) }
            }
        }
        return result
    }

    /// Skips spaces and the separators that follow a label (：, :, は, space).
    func skipLabelSeparators(from index: Int) -> Int {
        var position = index
        while position < count, [0x20, 0x3A, 0x30CF, 0x3D].contains(self[position]) { position += 1 }  // space : ハ(は) =
        return position
    }
}

extension FoldedView {
    // MARK: e-mail

    func emails() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        for at in 0..<count where self[at] == 0x40 {
            var start = at
            while start > 0, isLocalPart(self[start - 1]) { start -= 1 }
            while start < at, self[start] == 0x2E { start += 1 }   // a local part does not start with "."
            guard start < at else { continue }
            var end = at + 1
            var dots = 0
            var lastDot = -1
            while end < count, isAlnum(end) || self[end] == 0x2D || (self[end] == 0x2E && isAlnum(end + 1)) {
                if self[end] == 0x2E { dots += 1; lastDot = end }
                end += 1
            }
            guard dots > 0, end - lastDot - 1 >= 2, (lastDot + 1..<end).allSatisfy({ isLetter($0) }) else { continue }
            found.append(.init(range: start..<end, kind: .email))
        }
        return found
    }

    private func isLocalPart(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || value == 0x2E || value == 0x5F || value == 0x25 || value == 0x2B || value == 0x2D
    }

    // MARK: URLs

    /// URLs that carry a user (`user@host`) or a query (`?…`): those can point at a person. A
    /// plain address such as the city's home page stays.
    func urls() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var starts = occurrences(of: "http://", ignoringCase: true) + occurrences(of: "https://", ignoringCase: true)
        starts += occurrences(of: "www.", ignoringCase: true).filter { !isAlnum($0 - 1) && self[$0 - 1] != 0x2F }
        for start in starts.sorted() {
            var end = start
            while end < count, (0x21...0x7E).contains(self[end]), ![0x22, 0x3C, 0x3E, 0x5E, 0x60, 0x7B, 0x7C, 0x7D].contains(self[end]) {
                end += 1
            }
            while end > start, [0x2E, 0x2C, 0x29, 0x5D, 0x3B, 0x3A, 0x21].contains(self[end - 1]) { end -= 1 }
            let body = (start..<end)
            let carriesUser = body.contains { self[$0] == 0x40 }
            let carriesQuery = body.contains { self[$0] == 0x3F }
            if carriesUser || carriesQuery { found.append(.init(range: body, kind: .url)) }
        }
        return found
    }

    // MARK: phone numbers

    /// Japanese phone numbers in every shape (0X-XXXX-XXXX, (0258)39-2222, 090 1234 5678,
    /// 0258392222, +81 90-1234-5678), extensions after 内線 / ext, and short numbers after 電話,
    /// TEL, 携帯, FAX or ℡.
    func phones() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var index = 0
        while index < count {
            // Most characters cannot start a number: skip them with one comparison each.
            let value = chars[index]
            if value > 0x39 || (value < 0x30 && value != 0x28 && value != 0x2B) {
                index += 1
                continue
            }
            let startsNumber = (isDigit(index) || self[index] == 0x28 || self[index] == 0x2B) && !isAlnum(index - 1)
                && self[index - 1] != 0x2E && self[index - 1] != 0x2D
            if startsNumber, let (range, digits) = numberChunk(from: index), isPhone(digits) {
                // An opening parenthesis belongs to the number only as in (0258)39-2222.
                var start = range.lowerBound
                while self[start] == 0x28, self[start + 1] != 0x30 || !range.contains(where: { self[$0] == 0x29 }) { start += 1 }
                found.append(.init(range: start..<range.upperBound, kind: .phone))
                index = range.upperBound
            } else {
                index += 1
            }
        }
        // Extensions and numbers announced by a label.
        for label in ["内線", "ext.", "ext", "Ext."] {
            for start in occurrences(of: label, ignoringCase: true) {
                let digitsStart = skipLabelSeparators(from: start + label.unicodeScalars.count)
                var end = digitsStart
                while end < count, isDigit(end) || (self[end] == 0x2D && isDigit(end + 1)) { end += 1 }
                let digits = (digitsStart..<end).filter { isDigit($0) }.count
                if (2...8).contains(digits), !isDigit(end) { found.append(.init(range: digitsStart..<end, kind: .phone)) }
            }
        }
        for label in ["電話", "TEL", "携帯", "FAX", "\u{2121}", "連絡先"] {
            for start in occurrences(of: label, ignoringCase: true) {
                var position = skipLabelSeparators(from: start + label.unicodeScalars.count)
                while position < count, self[position] == 0x756A || self[position] == 0x53F7 || self[position] == 0x20 { position += 1 }  // 番号
                if let (range, digits) = numberChunk(from: position), digits.count >= 6, range.lowerBound == position {
                    found.append(.init(range: range, kind: .phone))
                }
            }
        }
        return found
    }

    /// Digits with single separators (-, space, parentheses, a leading +) from `index`.
    func numberChunk(from index: Int) -> (Range<Int>, [UInt32])? {
        var position = index
        var digits: [UInt32] = []
        var lastDigitEnd = index
        var previousWasSeparator = false
        while position < count, position - index < 24 {
            let value = self[position]
            if (0x30...0x39).contains(value) {
                digits.append(value)
                position += 1
                lastDigitEnd = position
                previousWasSeparator = false
            } else if value == 0x2B && position == index {
                position += 1
            } else if value == 0x28 || value == 0x29 {
                position += 1
                previousWasSeparator = false
            } else if value == 0x2D || value == 0x20 {
                if previousWasSeparator || !isDigit(position + 1) && self[position + 1] != 0x28 { break }
                previousWasSeparator = true
                position += 1
            } else {
                break
            }
        }
        guard !digits.isEmpty, !isDigit(lastDigitEnd) else { return nil }
        return (index..<lastDigitEnd, digits)
    }

    /// 0 + 9 or 10 digits, or +81 + 9 or 10 digits (the leading 0 dropped, or kept in "(0)").
    func isPhone(_ digits: [UInt32]) -> Bool {
        if digits.count >= 11, digits[0] == 0x38, digits[1] == 0x31 {
            let rest = digits.dropFirst(2)
            let national = rest.first == 0x30 ? rest.dropFirst() : rest
            return (9...10).contains(national.count) && national.first != 0x30
        }
        return digits.first == 0x30 && (10...11).contains(digits.count) && digits[1] != 0x30
            || digits.first == 0x30 && digits.count == 10 && digits.starts(with: [0x30, 0x31, 0x32, 0x30])
    }

    // MARK: My Number

    /// 12 digits, together or grouped 4-4-4, whose last digit is the My Number check digit.
    func myNumbers() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var index = 0
        while index < count {
            guard isDigit(index), !isAlnum(index - 1) else { index += 1; continue }
            var position = index
            var digits: [Int] = []
            var separator: UInt32?
            while position < count, digits.count < 12 {
                if isDigit(position) {
                    digits.append(Int(self[position] - 0x30))
                    position += 1
                } else if digits.count % 4 == 0, digits.count > 0, self[position] == 0x2D || self[position] == 0x20,
                          separator == nil || separator == self[position], isDigit(position + 1) {
                    separator = self[position]
                    position += 1
                } else {
                    break
                }
            }
            if digits.count == 12, !isDigit(position), Self.isValidMyNumber(digits) {
                found.append(.init(range: index..<position, kind: .myNumber))
                index = position
            } else {
                index += 1
            }
        }
        return found
    }

    /// The check digit of 個人番号 (総務省令): 11 − (Σ Pn×Qn mod 11), 0 when the remainder is 0 or 1,
    /// with Pn the n-th of the first 11 digits counted from the right, Qn = n+1 (n ≤ 6) or n−5.
    static func isValidMyNumber(_ digits: [Int]) -> Bool {
        guard digits.count == 12 else { return false }
        var sum = 0
        for n in 1...11 {
            let p = digits[11 - n]
            let q = n <= 6 ? n + 1 : n - 5
            sum += p * q
        }
        let remainder = sum % 11
        let check = remainder <= 1 ? 0 : 11 - remainder
        return check == digits[11]
    }

    // MARK: postal codes

    func postalCodes() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        for label in ["〒", "郵便番号"] {
            for start in occurrences(of: label) {
                let from = skipLabelSeparators(from: start + label.unicodeScalars.count)
                guard isDigit(from) else { continue }
                var end = from
                var digits = 0
                while end < count, isDigit(end) || (self[end] == 0x2D && digits == 3 && isDigit(end + 1)) {
                    if isDigit(end) { digits += 1 }
                    end += 1
                }
                if digits == 7, !isDigit(end) { found.append(.init(range: from..<end, kind: .postalCode)) }
            }
        }
        return found
    }

    // MARK: staff numbers

    /// A token of 3–12 letters and digits (at least 3 digits) after 職員番号, 職番, 職員ID or ID.
    func staffNumbers() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        for label in ["職員番号", "職番", "職員ID", "社員番号", "ID"] {
            for start in occurrences(of: label, ignoringCase: label == "ID") {
                if label == "ID", isLetter(start - 1) || isLetter(start + 2) && !isDigit(start + 2) { continue }
                let from = skipLabelSeparators(from: start + label.unicodeScalars.count)
                var end = from
                while end < count, isAlnum(end) || (self[end] == 0x2D && isAlnum(end + 1)) { end += 1 }
                let digits = (from..<end).filter { isDigit($0) }.count
                if (3...12).contains(end - from), digits >= 3 { found.append(.init(range: from..<end, kind: .staffNumber)) }
            }
        }
        return found
    }

    // MARK: IP addresses

    func ipAddresses() -> [PIIScrubber.Finding] {
        var found: [PIIScrubber.Finding] = []
        var index = 0
        while index < count {
            guard isDigit(index), !isAlnum(index - 1), self[index - 1] != 0x2E else { index += 1; continue }
            var position = index
            var groups = 0
            var valid = true
            while groups < 4 {
                var value = 0
                var length = 0
                while isDigit(position), length < 3 {
                    value = value * 10 + Int(self[position] - 0x30)
                    position += 1
                    length += 1
                }
                if length == 0 || value > 255 || isDigit(position) { valid = false; break }
                groups += 1
                if groups < 4 {
                    guard self[position] == 0x2E else { valid = false; break }
                    position += 1
                }
            }
            if valid, groups == 4, !(self[position] == 0x2E && isDigit(position + 1)), !isAlnum(position) {
                found.append(.init(range: index..<position, kind: .ip))
                index = position
            } else {
                index += 1
            }
        }
        // IPv6: hex groups with "::" or at least five colons.
        index = 0
        while index < count {
            guard isHex(index) || self[index] == 0x3A, !isHex(index - 1), self[index - 1] != 0x3A else { index += 1; continue }
            var end = index
            var colons = 0
            var doubleColon = false
            var groupLength = 0
            var ok = true
            while end < count, isHex(end) || self[end] == 0x3A {
                if self[end] == 0x3A {
                    colons += 1
                    if self[end + 1] == 0x3A { doubleColon = true }
                    groupLength = 0
                } else {
                    groupLength += 1
                    if groupLength > 4 { ok = false }
                }
                end += 1
            }
            if ok, colons >= 2, doubleColon || colons >= 5, (index..<end).contains(where: { isHex($0) }), !isAlnum(end) {
                found.append(.init(range: index..<end, kind: .ip))
            }
            index = max(end, index + 1)
        }
        return found
    }

    private func isHex(_ index: Int) -> Bool {
        let value = self[index]
        return (0x30...0x39).contains(value) || (0x41...0x46).contains(value) || (0x61...0x66).contains(value)
    }
}
