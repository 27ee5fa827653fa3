import ArgumentParser
import Foundation
import Meyasu

/// The exit codes scripts rely on; the README's table lists the same.
enum ExitStatus: Int32 {
    case success = 0
    case unexpected = 1
    /// Imported, but some rows were reported (bad rows or conflicts).
    case rowsReported = 3
    case usage = 64
    /// A file was rejected whole (not an export, bad header).
    case fileRejected = 65
    /// A file cannot be opened.
    case noInput = 66
    /// The database cannot be used.
    case database = 74
    /// The database is busy with another writer; try later.
    case busy = 75
    case config = 78

    var code: ExitCode { ExitCode(rawValue) }
}

/// An error on its way to stderr and an exit code: the one place errors become exit codes.
struct Failure: Error {
    var message: String
    var exitCode: ExitCode

    init(_ message: String, _ status: ExitStatus) {
        self.message = message
        self.exitCode = status.code
    }

    init(_ error: ConfigError) {
        self.init(error.message, .config)
    }

    init(_ error: StoreError) {
        switch error.code {
        case .busy: self.init(error.message, .busy)
        case .notFound: self.init(error.message, .usage)
        case .unusable: self.init(error.message, .database)
        case .fileUnreadable: self.init(error.message, .noInput)
        case .fileRejected: self.init(error.message, .fileRejected)
        }
    }

    /// Every refused workflow change is a usage error: the command asked for something the
    /// rules do not allow (unknown status, illegal move, missing reason, another department's proposal).
    init(_ error: WorkflowError) {
        self.init(error.message, .usage)
    }

    init(_ error: IngestError) {
        self.init(error.message, error.code == .unreadable ? .noInput : .fileRejected)
    }

    func report() {
        FileHandle.standardError.write(Data(("meyasu: " + message + "\n").utf8))
    }
}

/// Runs `body`, turning the library's errors into `Failure`s.
func mapErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ConfigError {
        throw Failure(error)
    } catch let error as StoreError {
        throw Failure(error)
    } catch let error as IngestError {
        throw Failure(error)
    } catch let error as WorkflowError {
        throw Failure(error)
    }
}

func printOut(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
