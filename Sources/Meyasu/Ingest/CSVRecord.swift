/// One CSV record as raw bytes, before decoding: cells are byte ranges of `bytes`.
public struct CSVRecord: Sendable, Equatable {
    /// What the reader found wrong with the record's quoting.
    public enum Problem: Sendable, Equatable {
        /// A quoted cell is still open at the end of the file (or runs past the cell limit).
        case unterminatedQuote
        /// A `"` appears inside a cell that does not start with one (cell index, 0-based).
        case quoteInUnquotedCell(Int)
        /// Characters follow a closing quote before the next comma (cell index, 0-based).
        case textAfterClosingQuote(Int)
    }

    /// The bytes of every cell, back to back, with doubled quotes already undone.
    public var bytes: [UInt8] = []
    /// The end offset in `bytes` of each cell.
    public var cellEnds: [Int] = []
    /// The physical line (1-based) on which the record starts, as an editor counts lines.
    public var line: Int = 0
    /// The record's position (1-based) among the file's records, blank lines not counted.
    public var number: Int = 0
    /// The first quoting problem found, if any.
    public var problem: Problem?

    public var cellCount: Int { cellEnds.count }

    /// The byte range of cell `index`.
    public func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : cellEnds[index - 1])..<cellEnds[index]
    }

    /// The bytes of cell `index`.
    public func cell(_ index: Int) -> ArraySlice<UInt8> { bytes[range(of: index)] }

    /// True for a blank line or a record whose cells are all empty.
    public var isBlank: Bool { bytes.isEmpty }
}
