// The last line of defence for the terminal: handlers for the fatal signals (a Swift trap is
// SIGILL or SIGTRAP) that give the terminal back with async-signal-safe calls only, say one
// line, write a backtrace to a crash file and exit with 128 + the signal's number.
#ifndef NEXLIFY_TERMINAL_GUARD_H
#define NEXLIFY_TERMINAL_GUARD_H

/// Installs the handlers (on an alternate stack, so a stack overflow is caught too) for SEGV,
/// BUS, ILL, FPE, ABRT, TRAP and SYS, and for every other signal whose default action ends the
/// process (USR2, ALRM, XCPU, XFSZ, VTALRM, PROF, IO, PWR, STKFLT, the real-time signals) but
/// for KILL and those the program handles or ignores itself (INT, TERM, HUP, QUIT; PIPE, USR1):
/// they end the program the same way but write no crash file.
/// `crash_directory` and `crash_file` are where a crash report goes (the directory is created
/// when needed), `shown_crash_file` the crash file's path as printed (escaped: it comes from the
/// environment); `program` names the program in the one line printed.
void nx_guard_install(const char *crash_directory, const char *crash_file, const char *shown_crash_file, const char *program);

/// Saves the terminal's settings (termios of standard input) before the screen is taken over;
/// from now on a fatal signal restores them, leaves the alternate screen and shows the cursor.
void nx_guard_terminal_taken(void);

/// The screen was given back normally: a later fatal signal leaves the terminal alone.
void nx_guard_terminal_released(void);

#endif
