import Testing
@testable import Meyasu

@Suite("CivilDate")
struct CivilDateTests {
    @Test("Reads LoGo and Excel timestamps", arguments: [
        ("2025/06/12 14:03:27", "2025-06-12"),
        ("2025/4/1 8:31", "2025-04-01"),
        ("2025-06-12T14:03:27", "2025-06-12"),
        ("2024/02/29 00:00:00", "2024-02-29"),
        ("2025/06/12", "2025-06-12"),
        (" 2025/06/12 14:03 ", "2025-06-12"),
    ])
    func parses(text: String, iso: String) {
        #expect(CivilDate.parseTimestamp(Substring(text))?.iso == iso)
    }

    @Test("Refuses what is not a real date and time", arguments: [
        "2025/02/30 9:00", "2023/02/29", "不明", "", "2025/13/01", "2025/06/12 24:00", "2025/06/12 9:60",
        "2025/06-12", "12/06/2025", "２０２５/06/12", "2025/06/12 14:03:27:11",
    ])
    func refuses(text: String) {
        #expect(CivilDate.parseTimestamp(Substring(text)) == nil)
    }

    @Test("The ISO form pads month and day, and reads back")
    func isoForm() {
        #expect(CivilDate(year: 2025, month: 1, day: 5)!.iso == "2025-01-05")
        #expect(CivilDate(year: 1999, month: 12, day: 31)!.iso == "1999-12-31")
        #expect(CivilDate(iso: CivilDate(year: 2026, month: 3, day: 9)!.iso) == CivilDate(year: 2026, month: 3, day: 9))
        var far = CivilDate(year: 2025, month: 6, day: 12)!
        far.year = 12025
        #expect(far.iso == "12025-06-12")
    }

    @Test("Day numbers round-trip and weeks start on Monday")
    func days() {
        let date = CivilDate(year: 2025, month: 6, day: 12)!  // a Thursday
        #expect(CivilDate(dayNumber: date.dayNumber) == date)
        #expect(date.weekStart.iso == "2025-06-09")
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
    }

    @Test("Fiscal years run April to March")
    func fiscalYear() {
        #expect(CivilDate(year: 2025, month: 3, day: 31)!.fiscalYear == 2024)
        #expect(CivilDate(year: 2025, month: 4, day: 1)!.fiscalYear == 2025)
    }
}
