#define _GNU_SOURCE
#include "terminal_guard.h"

#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

static char guard_directory[1024];
static char guard_file[1200];
static char guard_shown_file[4800];
static char guard_program[64];
static struct termios saved_termios;
static volatile sig_atomic_t terminal_taken = 0;
static volatile sig_atomic_t handling = 0;

// Every signal whose default action ends the process (signal(7)), but for SIGKILL (which no
// handler sees), the ones the program handles itself (SIGINT, SIGTERM, SIGHUP, SIGQUIT: a clean
// quit) and the ones it ignores (SIGPIPE, SIGUSR1). Faults of the program write a crash report;
// the rest end it the same way without one. The real-time signals are added at install.
static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
static const int ending_signals[] = { SIGUSR2, SIGALRM, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT };

static void copy(char *target, size_t size, const char *source) {
    size_t length = source ? strlen(source) : 0;
    if (length >= size) length = size - 1;
    if (length) memcpy(target, source, length);
    target[length] = 0;
}

static void say(int fd, const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(fd, text, length);
        if (written <= 0) { if (written < 0 && errno == EINTR) continue; return; }
        text += written;
        length -= (size_t)written;
    }
}

static const char *signal_name(int number) {
    switch (number) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGILL: return "SIGILL";
    case SIGFPE: return "SIGFPE";
    case SIGABRT: return "SIGABRT";
    case SIGTRAP: return "SIGTRAP";
    case SIGSYS: return "SIGSYS";
    case SIGUSR2: return "SIGUSR2";
    case SIGALRM: return "SIGALRM";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGVTALRM: return "SIGVTALRM";
    case SIGPROF: return "SIGPROF";
    case SIGIO: return "SIGIO";
    case SIGPWR: return "SIGPWR";
    case SIGSTKFLT: return "SIGSTKFLT";
    default: return NULL;
    }
}

/// Says a signal's name, or `signal N` for one without (a real-time signal), async-signal-safely.
static void say_signal(int fd, int number) {
    const char *name = signal_name(number);
    if (name) { say(fd, name); return; }
    char digits[16];
    int length = 0;
    unsigned value = number > 0 ? (unsigned)number : 0;
    do { digits[sizeof digits - 1 - length++] = (char)('0' + value % 10); value /= 10; } while (value && length < 15);
    char text[32] = "signal ";
    memcpy(text + 7, digits + sizeof digits - length, (size_t)length);
    text[7 + length] = 0;
    say(fd, text);
}

/// mkdir -p, with async-signal-safe calls only.
static void make_directories(char *path) {
    for (char *cursor = path + 1; *cursor; cursor++) {
        if (*cursor != '/') continue;
        *cursor = 0;
        mkdir(path, 0700);
        *cursor = '/';
    }
    mkdir(path, 0700);
}

static int is_fatal(int number) {
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) if (fatal_signals[i] == number) return 1;
    return 0;
}

static void handler(int number, siginfo_t *info, void *context) {
    (void)info;
    (void)context;
    if (handling) _exit(128 + number);  // a second fault while handling the first
    handling = 1;
    if (terminal_taken) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
        say(STDOUT_FILENO, "\033[?1004l\033[0m\033[?1049l\033[?25h\r\n");
    }
    int fatal = is_fatal(number);
    say(STDERR_FILENO, guard_program);
    say(STDERR_FILENO, fatal ? ": crashed (" : ": stopped by ");
    say_signal(STDERR_FILENO, number);
    if (fatal && guard_file[0]) {
        make_directories(guard_directory);
        int fd = open(guard_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd >= 0) {
            say(fd, guard_program);
            say(fd, " crashed with ");
            say_signal(fd, number);
            say(fd, "\nBacktrace:\n");
            void *frames[128];
            int count = backtrace(frames, 128);
            backtrace_symbols_fd(frames, count, fd);
            close(fd);
            say(STDERR_FILENO, "); the backtrace is in ");
            say(STDERR_FILENO, guard_shown_file);
            say(STDERR_FILENO, " - please attach it to a bug report\n");
        } else {
            say(STDERR_FILENO, "); no crash file could be written\n");
        }
    } else {
        say(STDERR_FILENO, fatal ? ")\n" : "\n");
    }
    _exit(128 + number);
}

void nx_guard_install(const char *crash_directory, const char *crash_file, const char *shown_crash_file, const char *program) {
    copy(guard_directory, sizeof guard_directory, crash_directory);
    copy(guard_file, sizeof guard_file, crash_file);
    copy(guard_shown_file, sizeof guard_shown_file, shown_crash_file);
    copy(guard_program, sizeof guard_program, program);
    // backtrace() loads libgcc on its first call (which allocates): do that now, not in the handler.
    void *warm[2];
    backtrace(warm, 2);
    static char alternate_stack[64 * 1024];
    stack_t stack = { .ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&action.sa_mask);
    sigset_t unblock;
    sigemptyset(&unblock);
    for (size_t i = 0; i < sizeof fatal_signals / sizeof *fatal_signals; i++) {
        sigaction(fatal_signals[i], &action, NULL);
        sigaddset(&unblock, fatal_signals[i]);
    }
    for (size_t i = 0; i < sizeof ending_signals / sizeof *ending_signals; i++) {
        sigaction(ending_signals[i], &action, NULL);
        sigaddset(&unblock, ending_signals[i]);
    }
    // The real-time signals glibc leaves to programs (it keeps the first few for threads).
    for (int number = SIGRTMIN; number <= SIGRTMAX; number++) {
        sigaction(number, &action, NULL);
        sigaddset(&unblock, number);
    }
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
}

void nx_guard_terminal_taken(void) {
    if (tcgetattr(STDIN_FILENO, &saved_termios) == 0) terminal_taken = 1;
}

void nx_guard_terminal_released(void) {
    terminal_taken = 0;
}
