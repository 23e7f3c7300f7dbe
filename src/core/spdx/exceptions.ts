/**
 * What each SPDX license exception does, as far as a compliance verdict cares:
 *
 * - `linking`: a larger work may link or combine with the code without taking its license
 *   (Classpath, GCC runtime, LLVM, Linux-syscall-note, font embedding). Lowers strong and network
 *   copyleft to weak copyleft.
 * - `generated-output`: what the tool generates (a Bison parser, an Autoconf script) is free of the
 *   license; the tool itself is not. No change to the package's category.
 * - `compatibility`: permits combining with named other code (OpenSSL, specific FOSS licenses).
 *   No change.
 * - `other`: anything else (cure periods, hardware variants); also any exception not in this table,
 *   and every AdditionRef. No change.
 *
 * A test keeps this table complete against the `spdx-exceptions` package.
 */
export const exceptionEffectValues = ['linking', 'generated-output', 'compatibility', 'other'] as const;
export type ExceptionEffect = (typeof exceptionEffectValues)[number];

export const exceptionEffects: Readonly<Record<string, ExceptionEffect>> = {
  '389-exception': 'linking',
  'Asterisk-exception': 'compatibility',
  'Autoconf-exception-2.0': 'generated-output',
  'Autoconf-exception-3.0': 'generated-output',
  'Autoconf-exception-generic': 'generated-output',
  'Autoconf-exception-generic-3.0': 'generated-output',
  'Autoconf-exception-macro': 'generated-output',
  'Bison-exception-1.24': 'generated-output',
  'Bison-exception-2.2': 'generated-output',
  'Bootloader-exception': 'linking',
  'Classpath-exception-2.0': 'linking',
  'CLISP-exception-2.0': 'linking',
  'cryptsetup-OpenSSL-exception': 'compatibility',
  'DigiRule-FOSS-exception': 'compatibility',
  'eCos-exception-2.0': 'linking',
  'Fawkes-Runtime-exception': 'linking',
  'FLTK-exception': 'linking',
  'fmt-exception': 'generated-output',
  'Font-exception-2.0': 'linking',
  'freertos-exception-2.0': 'linking',
  'GCC-exception-2.0': 'linking',
  'GCC-exception-2.0-note': 'linking',
  'GCC-exception-3.1': 'linking',
  'Gmsh-exception': 'compatibility',
  'GNAT-exception': 'linking',
  'GNOME-examples-exception': 'linking',
  'GNU-compiler-exception': 'generated-output',
  'gnu-javamail-exception': 'linking',
  'GPL-3.0-interface-exception': 'linking',
  'GPL-3.0-linking-exception': 'linking',
  'GPL-3.0-linking-source-exception': 'linking',
  'GPL-CC-1.0': 'other',
  'GStreamer-exception-2005': 'linking',
  'GStreamer-exception-2008': 'linking',
  'i2p-gpl-java-exception': 'compatibility',
  'KiCad-libraries-exception': 'generated-output',
  'LGPL-3.0-linking-exception': 'linking',
  'libpri-OpenH323-exception': 'compatibility',
  'Libtool-exception': 'generated-output',
  'Linux-syscall-note': 'linking',
  LLGPL: 'linking',
  'LLVM-exception': 'linking',
  'LZMA-exception': 'linking',
  'mif-exception': 'linking',
  'Nokia-Qt-exception-1.1': 'linking',
  'OCaml-LGPL-linking-exception': 'linking',
  'OCCT-exception-1.0': 'linking',
  'OpenJDK-assembly-exception-1.0': 'linking',
  'openvpn-openssl-exception': 'compatibility',
  'PS-or-PDF-font-exception-20170817': 'linking',
  'QPL-1.0-INRIA-2004-exception': 'compatibility',
  'Qt-GPL-exception-1.0': 'generated-output',
  'Qt-LGPL-exception-1.1': 'linking',
  'Qwt-exception-1.0': 'linking',
  'SANE-exception': 'linking',
  'SHL-2.0': 'other',
  'SHL-2.1': 'other',
  'stunnel-exception': 'compatibility',
  'SWI-exception': 'linking',
  'Swift-exception': 'generated-output',
  'Texinfo-exception': 'generated-output',
  'u-boot-exception-2.0': 'linking',
  'UBDL-exception': 'other',
  'Universal-FOSS-exception-1.0': 'compatibility',
  'vsftpd-openssl-exception': 'compatibility',
  'WxWindows-exception-3.1': 'linking',
  'x11vnc-openssl-exception': 'compatibility',
};
