import Foundation
import GRDB
import GRDBSQLite

/// Direct binding for the import's hot loop: GRDB's `StatementArguments` box every value, which
/// costs more than the insert itself at a million rows. Used only for plain INSERTs on cached
/// statements that have no transaction observers; everything else goes through GRDB.
struct BoundStatement {
    let statement: Statement
    private var index: Int32 = 0

    init(_ statement: Statement) throws {
        self.statement = statement
        sqlite3_reset(statement.sqliteStatement)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    mutating func bind(_ text: String) {
        index += 1
        var text = text
        text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(statement.sqliteStatement, index, base, Int32(chars.count), Self.transient)
                } else {
                    // An empty string may have no storage; SQLite still wants a pointer for "".
                    _ = sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient)
                }
            }
        }
    }

    /// Binds UTF-8 bytes as TEXT (the caller guarantees they are valid UTF-8).
    mutating func bind(utf8 bytes: [UInt8]) {
        index += 1
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(statement.sqliteStatement, index, base, Int32(chars.count), Self.transient)
                } else {
                    _ = sqlite3_bind_text(statement.sqliteStatement, index, "", 0, Self.transient)
                }
            }
        }
    }

    mutating func bind(_ text: String?) {
        if let text { bind(text) } else { bindNull() }
    }

    mutating func bindNull() {
        index += 1
        sqlite3_bind_null(statement.sqliteStatement, index)
    }

    mutating func bind(_ data: Data) {
        index += 1
        data.withUnsafeBytes { buffer in
            _ = sqlite3_bind_blob(statement.sqliteStatement, index, buffer.baseAddress, Int32(buffer.count), Self.transient)
        }
    }

    mutating func bind(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(statement.sqliteStatement, index, value)
    }

    mutating func bind(_ value: Int) { bind(Int64(value)) }

    mutating func bind(_ value: Double) {
        index += 1
        sqlite3_bind_double(statement.sqliteStatement, index, value)
    }

    mutating func bind(_ value: Bool) { bind(Int64(value ? 1 : 0)) }

    /// Runs the statement to completion.
    /// - Throws: `DatabaseError` with SQLite's code and message (never the bound values).
    func execute(in db: Database) throws {
        let code = sqlite3_step(statement.sqliteStatement)
        guard code == SQLITE_DONE else {
            let message = db.lastErrorMessage
            sqlite3_reset(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }
}

extension BoundStatement {
    mutating func bind(_ value: Int64?) {
        if let value { bind(value) } else { bindNull() }
    }
}
