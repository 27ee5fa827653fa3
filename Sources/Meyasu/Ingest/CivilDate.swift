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
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
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
        var fields: [Int] = []
        var current = 0
        var digits = 0
        var separators: [Character] = []
        for character in text.trimmingWhitespace() {
            if let value = character.wholeNumberValue, character.isASCII {
                current = current * 10 + value
                digits += 1
                if digits > 4 { return nil }
            } else if "/-:T ".contains(character) {
                guard digits > 0 else { return nil }
                fields.append(current)
                separators.append(character)
                current = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        fields.append(current)
        guard fields.count == 3 || fields.count == 5 || fields.count == 6 else { return nil }
        guard separators[0] == separators[1], separators[0] == "/" || separators[0] == "-" else { return nil }
        if fields.count >= 5 {
            guard separators[2] == " " || separators[2] == "T", separators[3...].allSatisfy({ $0 == ":" }),
                  fields[3] < 24, fields[4] < 60, fields.count == 5 || fields[5] < 60 else { return nil }
        }
        return CivilDate(year: fields[0], month: fields[1], day: fields[2])
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, line breaks and ideographic spaces.
    func trimmingWhitespace() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, self[start].isWhitespace { start = index(after: start) }
        while end > start, self[index(before: end)].isWhitespace { end = index(before: end) }
        return self[start..<end]
    }
}
