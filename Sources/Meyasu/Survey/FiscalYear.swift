/// Japanese fiscal years (年度, April to March) as the city writes them.
public enum FiscalYear {
    /// `R6` for 2024 (令和), `H30` for 2018 (平成): how the programme's tables head their columns.
    public static func short(_ year: Int) -> String {
        year >= 2019 ? "R\(year - 2018)" : "H\(year - 1988)"
    }

    /// `令和6年度` for 2024, `令和元年度` for 2019, `平成30年度` for 2018.
    public static func long(_ year: Int) -> String {
        let (era, number) = year >= 2019 ? ("令和", year - 2018) : ("平成", year - 1988)
        return "\(era)\(number == 1 ? "元" : String(number))年度"
    }

    /// `2024年度（令和6年度）`.
    public static func label(_ year: Int) -> String {
        "\(year)年度（\(long(year))）"
    }

    /// Reads `2024`, `R6`, `Ｒ６`, `令和6`, `令和6年度`, `H30`, `平成30年度`; nil for anything else.
    public static func parse(_ text: some StringProtocol) -> Int? {
        var folded = ""
        for scalar in String(text).trimmingWhitespace().unicodeScalars {
            let value = scalar.value
            folded.unicodeScalars.append((0xFF01...0xFF5E).contains(value) ? Unicode.Scalar(value - 0xFEE0)! : scalar)
        }
        if folded.hasSuffix("年度") { folded.removeLast(2) }
        func number(_ rest: Substring) -> Int? {
            rest == "元" ? 1 : Int(rest).flatMap { $0 > 0 && $0 < 100 ? $0 : nil }
        }
        if let year = Int(folded), (1900...2999).contains(year) { return year }
        for (prefix, offset) in [("令和", 2018), ("R", 2018), ("r", 2018), ("平成", 1988), ("H", 1988), ("h", 1988)]
        where folded.hasPrefix(prefix) {
            return number(folded.dropFirst(prefix.count)).map { $0 + offset }
        }
        return nil
    }
}
