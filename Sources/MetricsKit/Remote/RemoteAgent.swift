/// The reader that runs on the remote machine for as long as the connection lasts: an `awk`
/// program (POSIX awk with `fflush`: gawk, mawk and BusyBox all have it) started by `ssh` and
/// driven over its standard input, so nothing is installed there. Every other tool it calls is on
/// every Linux box: `sh`, `find` (`-maxdepth`), `stat -c`, `tail -c`, `head -c`, `cksum`.
///
/// It keeps, per followed root, what the local copy holds of each file (inode, bytes, mtime, and
/// the POSIX `cksum` of the first 4 KiB), so a refresh is one request line per root and the reply
/// carries only what changed:
///
/// ```text
/// → R <root> <path>                  list the root; send what each file gained
/// → K <root> <ino> <have> <mtime> <cksum> <file>   the copy already holds this (after a reconnect)
/// → F <root> <file>                  forget a file (the copy lost it: send it whole)
/// → Z <seq>                          end of the request
/// ← H nexlify-agent 1                once, when it starts
/// ← S <root> D|F|S|P|O|M             the root is a directory, a file, the guide's snapshot series
///                                    (`training_logs/dqn` names `dqn_*.json` beside it: those and
///                                    `alerts.log` are sent), a FIFO, something else, or missing
/// ← B <root> <from> <count> <ino> <size> <mtime> A|T|N <file>   then exactly <count> bytes
/// ← C <root> <cksum>|- <file>        after each B: the range's cksum, read again; `-` when the
///                                    path names another file by then (renamed while it was read)
/// ← P <root> <file>                  a FIFO (never opened)
/// ← X <root> <file>                  the file went
/// ← Z <seq> more|done                more: some file has bytes left for the next request
/// ```
///
/// `A` appends at `from` (also the last bytes a rotated file gained before it was renamed, sent
/// before the new file's `N`, found by its inode beside it); `T` means the file was truncated or its start rewritten in place
/// (`from` is 0); `N` is another file at that path (rotation, or a file seen for the first time).
/// Bytes a file lost while being sent are padded with NULs to `count`, and every chunk is followed
/// by `C <root> <cksum> <file>`, the `cksum` of that range read again: a chunk whose bytes do not
/// match (the file was rewritten while it was sent) or whose path was renamed away meanwhile
/// (`-`: the bytes may be the successor's) is never written to the copy; the next request tells
/// the reader what the copy holds (`K`, or `F` when it holds nothing), so a rotation caught between
/// a listing and its reads gives the old file's last bytes before the new file, as any rotation
/// does. A file that changed without shrinking has its start
/// compared by `cksum` (a CSV whose header was rewritten in place, within the same second too).
public enum RemoteAgent {
    /// Bytes one reply may carry in all, and per file: a long first read arrives in pieces, so a
    /// live run beside a big one is not held up and every round trip stays short.
    public static let replyBudget = 8 << 20
    public static let fileBudget = 2 << 20
    /// How many directory levels below a root are listed (runs/run/train/file under experiments/archived).
    public static let listingDepth = 4
    /// The protocol's version, sent in the greeting.
    public static let version = 1

    /// The command `ssh` runs on the remote machine. mawk (Debian's and Ubuntu's awk) reads a
    /// pipe in blocks and would sit on a request until the next one came: `-W interactive` makes it
    /// read line by line; gawk and BusyBox read what has arrived anyway.
    public static var remoteCommand: String {
        "p='\(program)'; if awk -W version 2>/dev/null | grep -q mawk; then exec env LC_ALL=C awk -W interactive \"$p\"; else exec env LC_ALL=C awk \"$p\"; fi"
    }

    /// The awk program (no single quote in it: it travels inside one).
    static var program: String {
        let names = LogFormats.mirroredFilePatterns.map { "-name \" q(\"\($0)\") \"" }.joined(separator: " -o ")
        return """
        function n(x) { return sprintf("%.0f", x) }
        function q(s,  out, i) { out = ""; while ((i = index(s, "\\047")) > 0) { out = out substr(s, 1, i - 1) "\\047\\134\\047\\047"; s = substr(s, i + 1) } return "\\047" out s "\\047" }
        function rest(k,  s, i) { s = $0; for (i = 1; i < k; i++) s = substr(s, index(s, " ") + 1); return s }
        function headsum(file, len,  c, s) { if (len > 4096) len = 4096; c = "head -c " n(len) " " q(file) " </dev/null 2>/dev/null | cksum"; s = ""; c | getline s; close(c); split(s, w, " "); return w[1] }
        function send(id, from, count, ino, size, mt, flag, path, file,  c, s, now) {
          print "B " id " " n(from) " " n(count) " " ino " " n(size) " " mt " " flag " " path
          if (count <= 0) { print "C " id " 4294967295 " path; return }
          fflush(); system(copy(file, from, count))
          c = "{ tail -c +" n(from + 1) " " q(file) " | head -c " n(count) " | cksum; stat -c %i " q(file) "; } </dev/null 2>/dev/null"
          s = ""; now = ""; c | getline s; c | getline now; close(c); split(s, w, " ")
          print "C " id " " (now == ino ? w[1] : "-") " " path
        }
        function copy(file, from, count) { return "{ tail -c +" n(from + 1) " " q(file) " 2>/dev/null | head -c " n(count) "; head -c " n(count) " /dev/zero; } </dev/null | head -c " n(count) }
        function listing(r) {
          return "if [ -d " q(r) " ]; then echo D; cd " q(r) " && find . -maxdepth \(listingDepth) -name " q(".?*") " -prune -o -type f \\\\( \(names) \\\\) -exec stat -c " q("f %i %s %Y %n") " {} + -o -type p -exec stat -c " q("p %i %s %Y %n") " {} +; elif [ -f " q(r) " ]; then echo F; stat -c " q("f %i %s %Y %n") " " q(r) "; elif [ -p " q(r) " ]; then echo P; elif [ -e " q(r) " ]; then echo O; elif [ -d " q(parent(r)) " ] && [ -n \\\"$(cd " q(parent(r)) " && find . -maxdepth 1 -type f -name " q(base(r) "_*.json") " | head -n 1)\\\" ]; then echo S; cd " q(parent(r)) " && find . -maxdepth 1 -type f \\\\( -name " q(base(r) "_*.json") " -o -name " q("alerts.log") " \\\\) -exec stat -c " q("f %i %s %Y %n") " {} +; else echo M; fi </dev/null 2>/dev/null"
        }
        function parent(r,  d) { d = r; if (index(d, "/") == 0) return "."; sub("/[^/]*$", "", d); return d == "" ? "/" : d }
        function base(r,  b) { b = r; sub("^.*/", "", b); return b }
        function rotated(id, path, file, inode, from,  d, c, s, count) {
          if (inode == "-") return
          d = file; if (index(d, "/") == 0) d = "."; else sub("/[^/]*$", "", d)
          c = "find " q(d) " -maxdepth 1 -type f -inum " inode " -exec stat -c " q("%s %n") " {} + </dev/null 2>/dev/null"; s = ""; c | getline s; close(c)
          if (s == "") return
          count = substr(s, 1, index(s, " ") - 1) - from
          if (count > \(fileBudget)) count = \(fileBudget)
          if (count > left) count = left
          if (count <= 0) return
          send(id, from, count, inode, from + count, 0, "A", path, substr(s, index(s, " ") + 1)); left -= count
        }
        function round(id, r,  c, kind, t, ino, size, mt, path, k, file, a, from, flag, count, have, p) {
          c = listing(r); kind = ""
          for (k in seen) delete seen[k]
          while ((c | getline) > 0) {
            if (kind == "") { kind = $1; print "S " id " " kind; continue }
            t = $1; ino = $2; size = $3 + 0; mt = $4; path = rest(5)
            if (kind == "D" || kind == "S") { if (substr(path, 1, 2) != "./") continue; path = substr(path, 3); file = (kind == "S" ? parent(r) : r) "/" path } else { path = ""; file = r }
            k = id SUBSEP path; seen[k] = 1
            if (t == "p") { if (!(k in fifo)) { fifo[k] = 1; print "P " id " " path } continue }
            if (k in fifo) delete fifo[k]
            if ((k in known) && known[k] == ino " " n(size) " " mt) continue
            if (k in known) split(known[k], a, " "); else { a[1] = "-"; a[2] = 0; a[3] = "-" }
            from = a[2] + 0; flag = "A"
            if (a[1] != ino) { rotated(id, path, file, a[1], from); from = 0; flag = "N" }
            else if (size < from) { from = 0; flag = "T" }
            else if (from > 0 && (k in hsum) && headsum(file, from) != hsum[k]) { from = 0; flag = "T" }
            count = size - from
            if (count > \(fileBudget)) count = \(fileBudget)
            if (count > left) count = left
            if (count < 0) count = 0
            send(id, from, count, ino, size, mt, flag, path, file)
            left -= count; have = from + count
            known[k] = ino " " n(have) " " (have == size ? mt : "-")
            if (have < size) more = 1
            if (from < 4096) hsum[k] = headsum(file, have)
          }
          close(c)
          if (kind == "") print "S " id " M"
          for (k in known) {
            split(k, p, SUBSEP)
            if (p[1] != id || (k in seen)) continue
            # Renamed away (a rotation caught before its new file exists): its last bytes first.
            split(known[k], a, " "); rotated(id, p[2], kind == "F" ? r : r "/" p[2], a[1], a[2] + 0)
            print "X " id " " p[2]; delete known[k]; delete hsum[k]
          }
          for (k in fifo) { split(k, p, SUBSEP); if (p[1] == id && !(k in seen)) { print "X " id " " p[2]; delete fifo[k] } }
        }
        BEGIN { print "H nexlify-agent \(version)"; fflush(); left = \(replyBudget); more = 0 }
        $1 == "R" { round($2, rest(3)); next }
        $1 == "K" { k = $2 SUBSEP rest(7); known[k] = $3 " " $4 " " $5; hsum[k] = $6; next }
        $1 == "F" { k = $2 SUBSEP rest(3); delete known[k]; delete hsum[k]; next }
        $1 == "Z" { print "Z " $2 " " (more ? "more" : "done"); fflush(); left = \(replyBudget); more = 0; next }
        """
    }
}
