import Testing
@testable import Meyasu

@Suite("ExcelCSV")
struct ExcelCSVTests {
    @Test("Formula-like cells are defused; plain numbers, negative ones too, stay numbers", arguments: [
        ("=SUM(A1:A3)", "\"'=SUM(A1:A3)\""),
        ("+8.4pt", "\"'+8.4pt\""),
        ("-0.8時間", "\"'-0.8時間\""),
        ("@cmd", "\"'@cmd\""),
        ("-2.7", "\"-2.7\""),
        ("+12", "\"+12\""),
        ("60.6", "\"60.6\""),
        ("-", "\"'-\""),
        ("-1.", "\"'-1.\""),
        ("-1,234", "\"'-1,234\""),
    ])
    func quote(cell: String, expected: String) {
        #expect(ExcelCSV.quote(cell) == expected)
    }
}
