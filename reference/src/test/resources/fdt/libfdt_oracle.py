# Test oracle: drives the installed libfdt 1.6.1 through pylibfdt's low-level bindings.
# Usage: python3 -c <this script> MODE; input on stdin, one case per line; one output line per case.
#   sw     case "HEXFILL op op ..." where the first op creates; prints "rc,rc,...|HEXBUFFER"
#   check  case "HEXBLOB"; prints "check_header check_full" on the blob, zero-padded, with bufsize = its length;
#          case "H:HEXBLOB" prints "check_header null" (fdt_check_full would dereference NULL)
#   ro     case "HEXBLOB"; prints a transcript of read-only calls, or SKIP when the header claims too much
#   label FILE START  labels the blobs in FILE (each a 4-byte big-endian length, then the bytes) from number
#          START on, one line each as it goes: "check_header check_full", and for a blob fdt_check_full accepts
#          " " and the tree as libfdt reads it (see tree()); "crash" where libfdt crashes, "loop" where it
#          runs for over CPU_LIMIT seconds of CPU. Those are found in a forked child, for the blobs where they
#          can happen (see risky()); should any other case kill this process, the lines written before it
#          tell the caller which case that was, and the caller starts again after it.
import ctypes
import os
import signal
import sys

import libfdt as L

PAD = 64
CAP = 1 << 20


def name(h):
    return bytes.fromhex(h).decode('ascii')


def aligned(buf):
    if len(buf) and ctypes.addressof((ctypes.c_char * len(buf)).from_buffer(buf)) % 8:
        raise SystemExit('pylibfdt buffer is not 8-byte aligned')
    return buf


def sw_case(line):
    toks = line.split(' ')
    buf = aligned(bytearray.fromhex(toks[0]))
    rcs = []
    for t in toks[1:]:
        f = t.split(':')
        op = f[0]
        if op == 'create':
            rc = L.fdt_create_with_flags(buf, int(f[1]), int(f[2]))
        elif op == 'rsv':
            rc = L.fdt_add_reservemap_entry(buf, int(f[1], 16), int(f[2], 16))
        elif op == 'frsv':
            rc = L.fdt_finish_reservemap(buf)
        elif op == 'begin':
            rc = L.fdt_begin_node(buf, name(f[1]))
        elif op == 'end':
            rc = L.fdt_end_node(buf)
        elif op == 'prop':
            v = bytes.fromhex(f[2])
            rc = L.fdt_property_stub(buf, name(f[1]), v, len(v))
        elif op == 'str':
            rc = L.fdt_property_string(buf, name(f[1]), name(f[2]))
        elif op == 'u32':
            rc = L.fdt_property_u32(buf, name(f[1]), int(f[2], 16))
        elif op == 'u64':
            rc = L.fdt_property_u64(buf, name(f[1]), int(f[2], 16))
        elif op == 'cell':
            rc = L.fdt_property_cell(buf, name(f[1]), int(f[2], 16))
        elif op == 'finish':
            rc = L.fdt_finish(buf)
        else:
            raise SystemExit('unknown op ' + op)
        rcs.append(str(rc))
    return ','.join(rcs) + '|' + buf.hex()


def padded(blob, extra):
    return aligned(bytearray(blob) + bytearray(extra))


def check_case(line):
    # "H:" asks for fdt_check_header only: fdt_check_full would dereference NULL on that blob
    header_only = line.startswith('H:')
    blob = bytes.fromhex(line[2:] if header_only else line)
    buf = padded(blob, PAD)
    full = 'null' if header_only else str(L.fdt_check_full(buf, len(blob)))
    return '%d %s' % (L.fdt_check_header(buf), full)


def u32(b, off):
    return int.from_bytes(b[off:off + 4].ljust(4, b'\0'), 'big')


def raw(s):
    return s.encode('utf-8', 'surrogateescape').hex()


def call(fn, show):
    """An int error as is, a list through show, and 'exc' where pylibfdt raises (a negative length)."""
    try:
        r = fn()
    except (SystemError, ValueError, OverflowError):
        return 'exc'
    return show(r) if isinstance(r, list) else str(r)


def ro_case(line):
    blob = bytes.fromhex(line)
    claimed = max(u32(blob, 4), u32(blob, 8) + u32(blob, 36), u32(blob, 12) + u32(blob, 32), u32(blob, 16))
    if claimed > CAP:
        return 'SKIP'
    buf = padded(blob, max(0, claimed - len(blob)) + PAD)
    out = []
    nodes = []
    off, depth = -1, 0
    for _ in range(64):
        r = L.fdt_next_node(buf, off, depth)
        if not isinstance(r, list):
            out.append('next %d' % r)
            break
        off, depth = r
        out.append('next %d %d' % (off, depth))
        if off < 0:
            break
        nodes.append(off)
    for n in nodes[:16]:
        r = L.fdt_get_name(buf, n)
        out.append('name %d %s' % (n, r if not isinstance(r, list) else raw(r[0]) + ' ' + str(r[1])))
        p = L.fdt_first_property_offset(buf, n)
        for _ in range(32):
            out.append('prop %d' % p)
            if p < 0:
                break
            # pylibfdt's fdt_get_property_by_offset crashes on a bad name offset, so look the name up first
            nameoff = int.from_bytes(buf[u32(buf, 8) + p + 8:u32(buf, 8) + p + 12], 'big', signed=True)
            s = L.fdt_get_string(buf, nameoff)
            if not isinstance(s, list):
                out.append('str %d' % s)
            else:
                out.append('str %s %d' % (raw(s[0]), s[1]))
                out.append('byoff %s' % call(lambda: L.fdt_get_property_by_offset(buf, p),
                                             lambda r: raw(r[0]) + ' ' + bytes(r[1]).hex()))
                if s[0].isascii():
                    out.append('get %s' % call(lambda: L.fdt_getprop(buf, n, s[0]),
                                               lambda g: bytes(g[0]).hex() + ' ' + str(g[1])))
            p = L.fdt_next_property_offset(buf, p)
        out.append('sub %d %d' % (L.fdt_first_subnode(buf, n), L.fdt_next_subnode(buf, n)))
        out.append('compat %d' % L.fdt_node_check_compatible(buf, n, 'b'))
    for path in ('/', '/a', '/b/c', 'x', '/a@1'):
        out.append('path %s %d' % (path, L.fdt_path_offset(buf, path)))
    out.append('rsv %d' % L.fdt_num_mem_rsv(buf))
    return ';'.join(out)


CPU_LIMIT = 0.05
# property lengths that send 1.6.1's fdt_next_tag back onto the same token for ever: -12, and before version 16
# (which aligns long values to 8 bytes) -16
LOOP_WORD = (-12).to_bytes(4, 'big', signed=True)
OLD_LOOP_WORD = (-16).to_bytes(4, 'big', signed=True)


def hexname(s):
    return raw(s) if s else ''


def tree(buf, version):
    """The reservations, then every node in document order as "depth:name" with ";name=value" per property,
    all bytes in hex. '?' is what libfdt does not give: a name fdt_get_name refuses (before version 16, one
    without '/'), a value pylibfdt cannot return (a name that is not UTF-8, or before version 16 a second
    property of one name); '-' is the value of a property of negative length, which libfdt steps over."""
    ostruct = u32(buf, 8)
    rsv = []
    for i in range(L.fdt_num_mem_rsv(buf)):
        r = L.fdt_get_mem_rsv(buf, i)
        # pylibfdt gives the size alone when the address is 0
        rsv.append('%x+%x' % (tuple(r) if isinstance(r, list) else (0, r)))
    out = [','.join(rsv) + '|']
    off, depth = -1, 0
    while True:
        r = L.fdt_next_node(buf, off, depth)
        if not isinstance(r, list) or r[0] < 0:
            break
        off, depth = r
        n = L.fdt_get_name(buf, off)
        item = ['%d:%s' % (depth, hexname(n[0]) if isinstance(n, list) else '?')]
        seen = set()
        p = L.fdt_first_property_offset(buf, off)
        while p >= 0:
            nameoff = int.from_bytes(buf[ostruct + p + 8:ostruct + p + 12], 'big', signed=True)
            length = int.from_bytes(buf[ostruct + p + 4:ostruct + p + 8], 'big', signed=True)
            s = L.fdt_get_string(buf, nameoff)
            name = hexname(s[0]) if isinstance(s, list) else '?'
            value = '?'
            if length < 0:
                value = '-'
            elif version >= 16:
                try:
                    value = bytes(L.fdt_get_property_by_offset(buf, p)[1]).hex()
                except (SystemError, ValueError, OverflowError, TypeError, UnicodeError):
                    pass
            elif isinstance(s, list) and s[0] not in seen:
                seen.add(s[0])
                try:
                    value = bytes(L.fdt_getprop(buf, off, s[0])[0]).hex()
                except (SystemError, ValueError, OverflowError, TypeError, UnicodeError):
                    pass
            item.append(';%s=%s' % (name, value))
            p = L.fdt_next_property_offset(buf, p)
        out.append(''.join(item))
    return ' '.join(out)


def label(buf, size):
    header = L.fdt_check_header(buf)
    full = L.fdt_check_full(buf, size)
    if full != 0:
        return '%d %d' % (header, full)
    return '%d 0 %s' % (header, tree(buf, u32(buf, 20)))


def risky(blob, buf):
    """Where 1.6.1 may crash or loop. Any word of a looping length may be a property length. Before version
    16, fdt_check_full dereferences the NULL name fdt_get_name gives a root without '/': that root is the first
    node, if fdt_check_full gets that far, and fdt_next_node finds that node the same way."""
    if LOOP_WORD in blob:
        return True
    # fdt_check_full gets past the header only for a good one that fits the buffer; fdt_next_node and
    # fdt_get_name below read as far as the header's totalsize, so they must not be asked otherwise
    if L.fdt_check_header(buf) != 0 or L.fdt_version(buf) >= 16 or L.fdt_totalsize(buf) > len(blob):
        return False
    if OLD_LOOP_WORD in blob:
        return True
    first = L.fdt_next_node(buf, -1, 0)
    return isinstance(first, list) and first[0] >= 0 and not isinstance(L.fdt_get_name(buf, first[0]), list)


def in_child(buf, size):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        signal.setitimer(signal.ITIMER_VIRTUAL, CPU_LIMIT)
        os.write(w, label(buf, size).encode('ascii'))
        os._exit(0)
    os.close(w)
    chunks = []
    while True:
        c = os.read(r, 1 << 16)
        if not c:
            break
        chunks.append(c)
    os.close(r)
    status = os.waitpid(pid, 0)[1]
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        return {signal.SIGSEGV: 'crash', signal.SIGVTALRM: 'loop'}.get(sig, 'signal %d' % sig)
    return b''.join(chunks).decode('ascii')


def label_main(path, start):
    data = open(path, 'rb').read()
    pos, i = 0, 0
    out = sys.stdout.buffer
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], 'big')
        blob = data[pos + 4:pos + 4 + n]
        pos += 4 + n
        if i >= start:
            buf = padded(blob, PAD)
            if risky(blob, buf):
                line = in_child(buf, n)
            else:
                # the limit counts CPU time, so a busy machine cannot make a case look endless
                signal.setitimer(signal.ITIMER_VIRTUAL, CPU_LIMIT)
                line = label(buf, n)
            # written now, not buffered: after a kill the lines so far must say which case it was
            out.write((line + '\n').encode('ascii'))
            out.flush()
        i += 1
    signal.setitimer(signal.ITIMER_VIRTUAL, 0)


def main():
    mode = sys.argv[1]
    if mode == 'label':
        label_main(sys.argv[2], int(sys.argv[3]))
        return
    fn = {'sw': sw_case, 'check': check_case, 'ro': ro_case}[mode]
    lines = sys.stdin.read().split('\n')
    if lines and lines[-1] == '':
        lines.pop()  # the newline ending the last case; an empty case (an empty blob) is still a case
    out = [fn(line) for line in lines]
    sys.stdout.write('\n'.join(out) + '\n')


main()
