#!/usr/bin/env python3
"""Generates SyscallTable.java from the kernel's unistd_64.h (run once; the output is committed as source
and edited by hand afterwards). Usage: gen_syscall_table.py /usr/include/x86_64-linux-gnu/asm/unistd_64.h"""
import re, sys

# Syscalls newer than the host header (Linux 6.4 - 6.13).
EXTRA = {451: "cachestat", 452: "fchmodat2", 453: "map_shadow_stack", 454: "futex_wake", 455: "futex_wait",
         456: "futex_requeue", 457: "statmount", 458: "listmount", 459: "lsm_get_self_attr",
         460: "lsm_set_self_attr", 461: "lsm_list_modules", 462: "mseal", 463: "setxattrat",
         464: "getxattrat", 465: "removexattrat", 466: "listxattrat"}

# name: (handler, support, argument formats, result format)
H = {
 "read": ("FileCalls::read", "IMPLEMENTED", "fd,rbuf,u", "d"),
 "write": ("FileCalls::write", "IMPLEMENTED", "fd,wbuf,u", "d"),
 "open": ("FileCalls::open", "IMPLEMENTED", "s,oflags,mode", "d"),
 "close": ("FileCalls::close", "IMPLEMENTED", "fd", "d"),
 "stat": ("FileCalls::stat", "IMPLEMENTED", "s,p", "d"),
 "fstat": ("FileCalls::fstat", "IMPLEMENTED", "fd,p", "d"),
 "lstat": ("FileCalls::lstat", "IMPLEMENTED", "s,p", "d"),
 "poll": ("FdCalls::poll", "PARTIAL", "p,u,d", "d"),
 "lseek": ("FileCalls::lseek", "IMPLEMENTED", "fd,D,whence", "d"),
 "mmap": ("MemoryCalls::mmap", "PARTIAL", "p,u,prot,mflags,fd,x", "x"),
 "mprotect": ("MemoryCalls::mprotect", "IMPLEMENTED", "p,u,prot", "d"),
 "munmap": ("MemoryCalls::munmap", "IMPLEMENTED", "p,u", "d"),
 "brk": ("MemoryCalls::brk", "IMPLEMENTED", "p", "x"),
 "rt_sigaction": ("SignalCalls::rtSigaction", "PARTIAL", "sig,p,p,u", "d"),
 "rt_sigprocmask": ("SignalCalls::rtSigprocmask", "IMPLEMENTED", "how,p,p,u", "d"),
 "ioctl": ("FdCalls::ioctl", "PARTIAL", "fd,ioreq,p", "d"),
 "pread64": ("FileCalls::pread64", "IMPLEMENTED", "fd,rbuf,u,D", "d"),
 "pwrite64": ("FileCalls::pwrite64", "IMPLEMENTED", "fd,wbuf,u,D", "d"),
 "readv": ("FileCalls::readv", "IMPLEMENTED", "fd,p,d", "d"),
 "writev": ("FileCalls::writev", "IMPLEMENTED", "fd,wiov,d", "d"),
 "access": ("PathCalls::access", "IMPLEMENTED", "s,amode", "d"),
 "pipe": ("FdCalls::pipe", "IMPLEMENTED", "p", "d"),
 "sched_yield": ("ProcessCalls::schedYield", "IMPLEMENTED", "", "d"),
 "mremap": ("MemoryCalls::mremap", "IMPLEMENTED", "p,u,u,x,p", "x"),
 "madvise": ("MemoryCalls::madvise", "PARTIAL", "p,u,d", "d"),
 "dup": ("FdCalls::dup", "IMPLEMENTED", "fd", "d"),
 "dup2": ("FdCalls::dup2", "IMPLEMENTED", "fd,fd", "d"),
 "nanosleep": ("TimeCalls::nanosleep", "IMPLEMENTED", "p,p", "d"),
 "getpid": ("ProcessCalls::getpid", "IMPLEMENTED", "", "d"),
 "exit": ("ProcessCalls::exit", "IMPLEMENTED", "d", "?"),
 "kill": ("SignalCalls::kill", "PARTIAL", "d,sig", "d"),
 "uname": ("InfoCalls::uname", "IMPLEMENTED", "p", "d"),
 "fcntl": ("FdCalls::fcntl", "PARTIAL", "fd,fcntl,x", "d"),
 "getcwd": ("PathCalls::getcwd", "IMPLEMENTED", "p,u", "d"),
 "chdir": ("PathCalls::chdir", "IMPLEMENTED", "s", "d"),
 "rename": ("PathCalls::rename", "IMPLEMENTED", "s,s", "d"),
 "mkdir": ("PathCalls::mkdir", "IMPLEMENTED", "s,mode", "d"),
 "rmdir": ("PathCalls::rmdir", "IMPLEMENTED", "s", "d"),
 "unlink": ("PathCalls::unlink", "IMPLEMENTED", "s", "d"),
 "readlink": ("PathCalls::readlink", "IMPLEMENTED", "s,rbuf,u", "d"),
 "umask": ("PathCalls::umask", "IMPLEMENTED", "mode", "o"),
 "gettimeofday": ("TimeCalls::gettimeofday", "IMPLEMENTED", "p,p", "d"),
 "getrusage": ("ProcessCalls::getrusage", "PARTIAL", "d,p", "d"),
 "sysinfo": ("InfoCalls::sysinfo", "IMPLEMENTED", "p", "d"),
 "times": ("TimeCalls::times", "IMPLEMENTED", "p", "d"),
 "getuid": ("ProcessCalls::getuid", "IMPLEMENTED", "", "d"),
 "getgid": ("ProcessCalls::getgid", "IMPLEMENTED", "", "d"),
 "geteuid": ("ProcessCalls::geteuid", "IMPLEMENTED", "", "d"),
 "getegid": ("ProcessCalls::getegid", "IMPLEMENTED", "", "d"),
 "getppid": ("ProcessCalls::getppid", "IMPLEMENTED", "", "d"),
 "sigaltstack": ("SignalCalls::sigaltstack", "PARTIAL", "p,p", "d"),
 "arch_prctl": ("ProcessCalls::archPrctl", "IMPLEMENTED", "archprctl,x", "d"),
 "gettid": ("ProcessCalls::gettid", "IMPLEMENTED", "", "d"),
 "tkill": ("SignalCalls::tkill", "PARTIAL", "d,sig", "d"),
 "time": ("TimeCalls::time", "IMPLEMENTED", "p", "d"),
 "futex": ("FutexCalls::futex", "PARTIAL", "p,futexop,d,p,p,d", "d"),
 "sched_getaffinity": ("ProcessCalls::schedGetaffinity", "IMPLEMENTED", "d,u,p", "d"),
 "getdents64": ("FileCalls::getdents64", "IMPLEMENTED", "fd,p,u", "d"),
 "set_tid_address": ("ProcessCalls::setTidAddress", "IMPLEMENTED", "p", "d"),
 "clock_gettime": ("TimeCalls::clockGettime", "IMPLEMENTED", "clock,p", "d"),
 "clock_getres": ("TimeCalls::clockGetres", "IMPLEMENTED", "clock,p", "d"),
 "clock_nanosleep": ("TimeCalls::clockNanosleep", "IMPLEMENTED", "clock,d,p,p", "d"),
 "exit_group": ("ProcessCalls::exitGroup", "IMPLEMENTED", "d", "?"),
 "tgkill": ("SignalCalls::tgkill", "PARTIAL", "d,d,sig", "d"),
 "openat": ("FileCalls::openat", "IMPLEMENTED", "fd,s,oflags,mode", "d"),
 "mkdirat": ("PathCalls::mkdirat", "IMPLEMENTED", "fd,s,mode", "d"),
 "newfstatat": ("FileCalls::newfstatat", "IMPLEMENTED", "fd,s,p,atflags", "d"),
 "unlinkat": ("PathCalls::unlinkat", "IMPLEMENTED", "fd,s,atflags", "d"),
 "renameat": ("PathCalls::renameat", "IMPLEMENTED", "fd,s,fd,s", "d"),
 "readlinkat": ("PathCalls::readlinkat", "IMPLEMENTED", "fd,s,rbuf,u", "d"),
 "faccessat": ("PathCalls::faccessat", "IMPLEMENTED", "fd,s,amode", "d"),
 "faccessat2": ("PathCalls::faccessat2", "IMPLEMENTED", "fd,s,amode,atflags", "d"),
 "ppoll": ("FdCalls::ppoll", "PARTIAL", "p,u,p,p,u", "d"),
 "set_robust_list": ("ProcessCalls::setRobustList", "IMPLEMENTED", "p,u", "d"),
 "dup3": ("FdCalls::dup3", "IMPLEMENTED", "fd,fd,oflags", "d"),
 "pipe2": ("FdCalls::pipe2", "IMPLEMENTED", "p,oflags", "d"),
 "prlimit64": ("ProcessCalls::prlimit64", "PARTIAL", "d,rlimit,p,p", "d"),
 "getrlimit": ("ProcessCalls::getrlimit", "PARTIAL", "rlimit,p", "d"),
 "getrandom": ("InfoCalls::getrandom", "IMPLEMENTED", "rbuf,u,x", "d"),
 "rseq": ("Stubs::enosys", "ENOSYS", "p,u,d,x", "d"),
 "fchdir": ("PathCalls::fchdir", "IMPLEMENTED", "fd", "d"),
 "renameat2": ("PathCalls::renameat2", "PARTIAL", "fd,s,fd,s,x", "d"),
 "rt_sigreturn": ("SignalCalls::rtSigreturn", "IMPLEMENTED", "", "?"),
}

def main():
    names = {}
    for line in open(sys.argv[1]):
        m = re.match(r"#define __NR_(\w+)\s+(\d+)", line)
        if m:
            names[int(m.group(2))] = m.group(1)
    for k, v in EXTRA.items():
        names.setdefault(k, v)
    missing = set(H) - set(names.values())
    assert not missing, missing
    out = []
    for nr in sorted(names):
        n = names[nr]
        if n in H:
            h, s, a, r = H[n]
            out.append(f'        sys({nr}, "{n}", {h}, Support.{s}, "{a}", \'{r}\'),')
        else:
            out.append(f'        sys({nr}, "{n}"),')
    body = "\n".join(out)
    print(TEMPLATE.replace("@BODY@", body).replace("@MAX@", str(max(names))))

TEMPLATE = '''package lxrun.lxcore.sys;

import lxrun.lxcore.sys.Syscall.Support;

/**
 * Every Linux x86-64 system call, by number (arch/x86/entry/syscalls/syscall_64.tbl), with its handler,
 * support status and strace argument formats (see {@link Strace} for the format letters).
 * Generated once by pico-provider/tools/gen_syscall_table.py from unistd_64.h; edited by hand since.
 */
final class SyscallTable {
    private SyscallTable() {}

    static final int MAX = @MAX@;

    static final Syscall[] ALL = {
@BODY@
    };

    private static Syscall sys(int nr, String name) {
        return new Syscall(nr, name, null, Support.NONE, null, 'd');
    }

    private static Syscall sys(int nr, String name, Syscall.Handler h, Support s, String args, char result) {
        return new Syscall(nr, name, h, s, args, result);
    }
}
'''
main()
