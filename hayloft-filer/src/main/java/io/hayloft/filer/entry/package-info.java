/**
 * The filer's data model: what a directory tree is made of.
 *
 * <ul>
 *   <li>{@link io.hayloft.filer.entry.FullPath}: a validated, normalised absolute path; the only way a
 *       path enters the filer, so {@code ..}, NUL and over-long names are rejected at the edge.</li>
 *   <li>{@link io.hayloft.filer.entry.Entry}: a directory or a file with its attributes, user metadata
 *       and content (inline bytes for small files, chunks for the rest).</li>
 *   <li>{@link io.hayloft.filer.entry.FileChunk}: one blob holding a slice of a file.</li>
 * </ul>
 * <pre>
 *   Entry /photos/cat.jpg (size 20 MiB)
 *     ├─ FileChunk 3,01637037d6  offset 0      size 8 MiB
 *     ├─ FileChunk 5,02a1b2c3d4  offset 8 MiB  size 8 MiB
 *     └─ FileChunk 4,0399887766  offset 16 MiB size 4 MiB
 * </pre>
 * Value types only: no I/O.
 */
package io.hayloft.filer.entry;
