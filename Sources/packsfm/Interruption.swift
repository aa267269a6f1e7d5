import Dispatch
import Foundation
import Synchronization

/// Turns Ctrl-C (SIGINT) into a flag that long commands poll between units of work, so they can
/// stop cleanly (write a checkpoint, finish the current frame). A second Ctrl-C exits at once.
final class Interruption {
    /// The flag, shared with the signal handler.
    private final class Flag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    private let flag = Flag()
    private let source: DispatchSourceSignal

    /// Starts watching for SIGINT.
    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [flag] in
            if flag.raised.exchange(true, ordering: .relaxed) {
                FileHandle.standardError.write(Data("\ninterrupted again: exiting now\n".utf8))
                exit(130)
            }
            FileHandle.standardError.write(Data("\ninterrupted: finishing the current step (Ctrl-C again to quit at once)\n".utf8))
        }
        source.resume()
    }

    /// Whether Ctrl-C was pressed.
    var isRequested: Bool { flag.raised.load(ordering: .relaxed) }
}
