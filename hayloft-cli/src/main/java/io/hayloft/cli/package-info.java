/**
 * The {@code hayloft} command line: {@link io.hayloft.cli.Main} builds the picocli command tree
 * rooted at {@link io.hayloft.cli.HayloftCommand} and maps failures to exit codes
 * ({@link io.hayloft.cli.FailureHandler}, {@link io.hayloft.cli.UsageErrorHandler}).
 *
 * <pre>
 *   hayloft
 *   ├── server     master + volume server + filer in one process (io.hayloft.cli.serve)
 *   ├── master     a master                                  (io.hayloft.cli.serve)
 *   ├── volume     a volume server                           (io.hayloft.cli.serve)
 *   ├── filer      a filer                                   (io.hayloft.cli.serve)
 *   ├── upload     files → fids, JSON on stdout              (io.hayloft.cli.files)
 *   ├── download   fids → files                              (io.hayloft.cli.files)
 *   ├── delete     fids                                      (io.hayloft.cli.files)
 *   ├── benchmark  write then read many small files          (io.hayloft.cli.benchmark)
 *   └── version
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 an operation failed (message on stderr, stack trace only with
 * {@code -v}), 2 a usage error (message and usage on stderr; a value a setting rejects: one line
 * naming the flag and its range).
 */
package io.hayloft.cli;
