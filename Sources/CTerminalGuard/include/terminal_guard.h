// The last line of defence for the terminal: handlers for the fatal signals (a Swift trap is
// SIGILL or SIGTRAP) that give the terminal back with async-signal-safe calls only, say one
// line, write a backtrace to a crash file and exit with 128 + the signal's number.
#ifndef NEXLIFY_TERMINAL_GUARD_H
#define NEXLIFY_TERMINAL_GUARD_H

/// Installs the handlers (on an alternate stack, so a stack overflow is caught too) for SEGV,
/// BUS, ILL, FPE, ABRT, TRAP, and for USR2 and ALRM, which end the program the same way but
/// write no crash file. `crash_directory` and `crash_file` are where a crash report goes (the
/// directory is created when needed); `program` names the program in the one line printed.
void nx_guard_install(const char *crash_directory, const char *crash_file, const char *program);

/// Saves the terminal's settings (termios of standard input) before the screen is taken over;
/// from now on a fatal signal restores them, leaves the alternate screen and shows the cursor.
void nx_guard_terminal_taken(void);

/// The screen was given back normally: a later fatal signal leaves the terminal alone.
void nx_guard_terminal_released(void);

#endif
