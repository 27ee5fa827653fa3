/// A calendar date in Japan, without a time: the finest grain Meyasu keeps of a submission.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date; nil when it does not exist (2025/02/30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads `YYYY-MM-DD`.
    public init?(iso: String) {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// `YYYY-MM-DD`.
    public var iso: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        }
        // Ten digits and dashes written in place (the import takes it twice a row; interpolation
        // builds it in five appends).
        return String(unsafeUninitializedCapacity: 10) { out in
            func put(_ value: Int, at offset: Int, width: Int) {
                var rest = value
                for position in (offset..<offset + width).reversed() {
                    out[position] = UInt8(truncatingIfNeeded: 0x30 + rest % 10)
                    rest /= 10
                }
            }
            put(year, at: 0, width: 4)
            out[4] = 0x2D
            put(month, at: 5, width: 2)
            out[7] = 0x2D
            put(day, at: 8, width: 2)
            return 10
        }
    }

    public var description: String { iso }

    /// The Japanese fiscal year (年度, April to March) the date falls in, as the starting year.
    public var fiscalYear: Int { month >= 4 ? year : year - 1 }

    /// Days since 1970-01-01.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    /// The Monday of the date's week, for coarsening to the week.
    public var weekStart: CivilDate {
        // 1970-01-01 was a Thursday: (dayNumber + 3) % 7 is 0 on Mondays.
        let weekday = ((dayNumber + 3) % 7 + 7) % 7
        return CivilDate(dayNumber: dayNumber - weekday)
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Reads a LoGo `回答日時` and keeps only its date.
    ///
    /// Accepts `2025/06/12 14:03:27`, Excel's `2025/6/12 8:31`, `2025-06-12T14:03:27` and a date
    /// alone; the time, when present, must be a real time. Nil for anything else.
    public static func parseTimestamp(_ text: Substring) -> CivilDate? {
        var text = String(text)
        return text.withUTF8 { parseTimestamp(bytes: $0) }
    }

    /// `parseTimestamp` on UTF-8 bytes: digits and the ASCII separators / - : T and space only.
    static func parseTimestamp(bytes: UnsafeBufferPointer<UInt8>) -> CivilDate? {
        var fields: [Int] = []
        var separators: [UInt8] = []
        fields.reserveCapacity(6)
        separators.reserveCapacity(5)
        var current = 0
        var digits = 0
        var start = 0
        var end = bytes.count
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        for byte in bytes[start..<end] {
            if byte >= 0x30 && byte <= 0x39 {
                current = current * 10 + Int(byte - 0x30)
                digits += 1
                if digits > 4 { return nil }
            } else if byte == 0x2F || byte == 0x2D || byte == 0x3A || byte == 0x54 || byte == 0x20 {
                // One of / - : T and space, after at least one digit.
                guard digits > 0, fields.count < 5 else { return nil }
                fields.append(current)
                separators.append(byte)
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        fields.append(current)
        guard fields.count == 3 || fields.count == 5 || fields.count == 6 else { return nil }
        // The date: Y/M/D or Y-M-D.
        guard separators[0] == separators[1], separators[0] == 0x2F || separators[0] == 0x2D else { return nil }
        if fields.count >= 5 {
            // The time: a space or T, then H:M or H:M:S, each in range.
            guard separators[2] == 0x20 || separators[2] == 0x54, separators[3...].allSatisfy({ $0 == 0x3A }),
                  fields[3] < 24, fields[4] < 60, fields.count == 5 || fields[5] < 60 else { return nil }
        }
        return CivilDate(year: fields[0], month: fields[1], day: fields[2])
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (spaces, tabs, line breaks, ideographic
    /// spaces). Works on Unicode scalars: whitespace never combines into a larger character.
    func trimmingWhitespace() -> SubSequence {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isBlank { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isBlank { end = scalars.index(before: end) }
        return self[start..<end]
    }
}

extension Unicode.Scalar {
    /// Whitespace, decided without a property lookup for ASCII.
    var isBlank: Bool {
        value < 0x80 ? (value == 0x20 || (0x09...0x0D).contains(value)) : properties.isWhitespace
    }
}
