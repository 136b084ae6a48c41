using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Alonzo.Packaging
{
    /// <summary>
    /// Writes the zip container itself. Alonzo writes the format rather than using ZipArchive because
    /// every byte has to be a function of the files alone, and ZipArchive cannot promise that on
    /// netstandard2.0: it has no ExternalAttributes there (so no 0755 for executables), stamps
    /// "version made by" with the platform it runs on (Lambda ignores Unix modes from a "Windows"
    /// zip), and compresses one entry at a time. Owning the format also lets entries be compressed
    /// in parallel and copied in order. What is written:
    /// <list type="bullet">
    /// <item>local header + data per file, then the central directory; no directory entries, no extra
    /// fields, no data descriptors, no comments;</item>
    /// <item>time 00:00:00 and date 1980-01-01 (the earliest a zip can hold) in every header;</item>
    /// <item>"made by" Unix (3) / version 2.0, external attributes = S_IFREG | 0644 or 0755;</item>
    /// <item>deflate (CompressionLevel.Optimal, fed in fixed 64 KiB pieces) unless that is not smaller
    /// than the file, then stored; empty files are stored;</item>
    /// <item>the UTF-8 flag (bit 11) only for names that are not plain ASCII.</item>
    /// </list>
    /// Deflate output is a pure function of the input for one zlib build, so the same files give the
    /// same bytes on the same runtime; a runtime with another zlib (for example .NET 8's zlib versus
    /// .NET 9+'s zlib-ng) may compress differently, which costs one re-upload, never a wrong skip.
    /// No ZIP64: Lambda's 250 MB unzipped limit is far below 4 GB, so larger input is refused.
    /// </summary>
    internal sealed class DeterministicZipWriter
    {
        public const int Chunk = 64 * 1024;
        private const ushort DosTime = 0;                           // 00:00:00
        private const ushort DosDate = (0 << 9) | (1 << 5) | 1;     // 1980-01-01
        private const ushort MadeBy = (3 << 8) | 20;                // Unix, zip 2.0
        private const ushort Utf8Flag = 1 << 11;
        private const uint MaxZip32 = 0xFFFFFFFE;

        private readonly HashingOutput _output;
        private readonly List<CentralRecord> _central = new List<CentralRecord>();
        private readonly byte[] _header = new byte[46];

        public DeterministicZipWriter(Stream output)
        {
            _output = new HashingOutput(output);
        }

        public int Count => _central.Count;

        /// <summary>Writes an entry compressed (or not) in memory by <see cref="Compress"/>.</summary>
        public void Write(string name, bool executable, CompressedFile file)
        {
            var record = Begin(name, executable);
            record.Method = file.Deflated ? (ushort)8 : (ushort)0;
            record.Crc = file.Crc;
            record.CompressedSize = CheckSize(file.DataLength, name);
            record.UncompressedSize = CheckSize(file.Length, name);
            WriteLocalHeader(record);
            _output.Write(file.Data, 0, file.DataLength);
            _central.Add(record);
        }

        /// <summary>
        /// Compresses a large file straight into the output (a seekable stream): the local header is
        /// written first and patched once the CRC and sizes are known, so the file never has to fit in memory.
        /// </summary>
        public void WriteStreamed(string name, bool executable, string sourcePath, CancellationToken cancellationToken)
        {
            var record = Begin(name, executable);
            record.Method = 8;
            WriteLocalHeader(record);
            long dataStart = _output.Position;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Chunk);
            try
            {
                long length;
                uint crc = 0;
                var counter = new CountingStream(_output);
                bool stored = false;
                using (var source = OpenRead(sourcePath))
                {
                    length = source.Length;
                    long total = 0;
                    if (length == 0) stored = true;
                    else
                    {
                        using (var deflate = new DeflateStream(counter, CompressionLevel.Optimal, leaveOpen: true))
                        {
                            int n;
                            while ((n = ReadChunk(source, buffer)) > 0)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                crc = ZipCrc32.Append(crc, buffer, 0, n);
                                deflate.Write(buffer, 0, n);
                                total += n;
                                if (counter.Count >= length) break; // already no smaller than the file: store it
                            }
                        }
                        if (counter.Count >= length) stored = true;
                        else if (total != length) throw FileChanged(sourcePath);
                    }
                }

                if (stored)
                {
                    // Same rule as the in-memory path: deflate that does not shrink the file is dropped.
                    _output.Rewind(dataStart);
                    crc = 0;
                    using (var source = OpenRead(sourcePath))
                    {
                        long copied = 0;
                        int n;
                        while ((n = ReadChunk(source, buffer)) > 0)
                        {
                            crc = ZipCrc32.Append(crc, buffer, 0, n);
                            _output.Write(buffer, 0, n);
                            copied += n;
                        }
                        if (copied != length) throw FileChanged(sourcePath);
                    }
                    record.Method = 0;
                    record.CompressedSize = CheckSize(length, name);
                }
                else
                {
                    record.CompressedSize = CheckSize(counter.Count, name);
                }
                record.Crc = crc;
                record.UncompressedSize = CheckSize(length, name);
                _output.Patch(record.Offset, FillLocalHeader(record), 30);
                _central.Add(record);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>Writes the central directory and end record; returns the zip's size and base64 SHA-256.</summary>
        public (long Size, string Sha256) Finish()
        {
            if (_central.Count > ushort.MaxValue)
                throw TooLarge($"{_central.Count} files are more than a zip without ZIP64 can hold ({ushort.MaxValue}).");
            long centralStart = _output.Position;
            foreach (var record in _central)
            {
                var h = _header;
                Put32(h, 0, 0x02014b50);
                Put16(h, 4, MadeBy);
                Put16(h, 6, record.VersionNeeded);
                Put16(h, 8, record.Flags);
                Put16(h, 10, record.Method);
                Put16(h, 12, DosTime);
                Put16(h, 14, DosDate);
                Put32(h, 16, record.Crc);
                Put32(h, 20, record.CompressedSize);
                Put32(h, 24, record.UncompressedSize);
                Put16(h, 28, (ushort)record.Name.Length);
                Put16(h, 30, 0); // extra
                Put16(h, 32, 0); // comment
                Put16(h, 34, 0); // disk
                Put16(h, 36, 0); // internal attributes
                Put32(h, 38, record.ExternalAttributes);
                Put32(h, 42, record.Offset);
                _output.Write(h, 0, 46);
                _output.Write(record.Name, 0, record.Name.Length);
            }
            long centralSize = _output.Position - centralStart;
            if (_output.Position > MaxZip32) throw TooLarge("The zip would be larger than 4 GB.");
            var end = new byte[22];
            Put32(end, 0, 0x06054b50);
            Put16(end, 8, (ushort)_central.Count);
            Put16(end, 10, (ushort)_central.Count);
            Put32(end, 12, (uint)centralSize);
            Put32(end, 16, (uint)centralStart);
            _output.Write(end, 0, end.Length);
            return (_output.Position, Convert.ToBase64String(_output.Finish()));
        }

        /// <summary>
        /// Reads a whole file and deflates it in memory (called in parallel). Deflate is fed in fixed
        /// 64 KiB pieces, like the streamed path, so both give the same bytes for the same file.
        /// </summary>
        public static CompressedFile Compress(string sourcePath, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] input;
            int length;
            using (var source = OpenRead(sourcePath))
            {
                long expected = source.Length;
                if (expected > int.MaxValue - 1) throw TooLarge($"'{sourcePath}' is too large to package.");
                input = ArrayPool<byte>.Shared.Rent((int)expected + 1);
                length = 0;
                int n;
                while ((n = source.Read(input, length, input.Length - length)) > 0)
                {
                    length += n;
                    if (length == input.Length) break;
                }
                if (length != expected)
                {
                    ArrayPool<byte>.Shared.Return(input);
                    throw FileChanged(sourcePath);
                }
            }

            uint crc = ZipCrc32.Append(0, input, 0, length);
            if (length == 0) return new CompressedFile(input, 0, false, crc, 0);

            var sink = new BoundedBuffer(length - 1);
            using (var deflate = new DeflateStream(sink, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (int offset = 0; offset < length && !sink.Overflowed; offset += Chunk)
                    deflate.Write(input, offset, Math.Min(Chunk, length - offset));
            }
            if (sink.Overflowed)
            {
                sink.Release();
                return new CompressedFile(input, length, false, crc, length);
            }
            ArrayPool<byte>.Shared.Return(input);
            return new CompressedFile(sink.Buffer, sink.Count, true, crc, length);
        }

        private CentralRecord Begin(string name, bool executable)
        {
            bool ascii = true;
            foreach (char c in name)
                if (c > 0x7E || c < 0x20) { ascii = false; break; }
            byte[] bytes = Encoding.UTF8.GetBytes(name);
            if (bytes.Length > ushort.MaxValue) throw TooLarge($"The path '{name}' is too long for a zip.");
            if (_output.Position > MaxZip32) throw TooLarge("The zip would be larger than 4 GB.");
            // S_IFREG (0100000) plus rw-r--r-- or rwxr-xr-x, in the high 16 bits as Info-ZIP does.
            uint mode = 0x8000u | (executable ? 0x1EDu : 0x1A4u);
            return new CentralRecord
            {
                Name = bytes,
                Flags = ascii ? (ushort)0 : Utf8Flag,
                Offset = (uint)_output.Position,
                ExternalAttributes = mode << 16,
            };
        }

        private void WriteLocalHeader(CentralRecord record)
        {
            _output.Write(FillLocalHeader(record), 0, 30);
            _output.Write(record.Name, 0, record.Name.Length);
        }

        private byte[] FillLocalHeader(CentralRecord record)
        {
            var h = _header;
            Put32(h, 0, 0x04034b50);
            Put16(h, 4, record.VersionNeeded);
            Put16(h, 6, record.Flags);
            Put16(h, 8, record.Method);
            Put16(h, 10, DosTime);
            Put16(h, 12, DosDate);
            Put32(h, 14, record.Crc);
            Put32(h, 18, record.CompressedSize);
            Put32(h, 22, record.UncompressedSize);
            Put16(h, 26, (ushort)record.Name.Length);
            Put16(h, 28, 0);
            return h;
        }

        internal static FileStream OpenRead(string path) =>
            // No FileStream buffer: reads go straight into our own (large) buffers.
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);

        private static int ReadChunk(Stream source, byte[] buffer)
        {
            int filled = 0, n;
            while (filled < Chunk && (n = source.Read(buffer, filled, Chunk - filled)) > 0) filled += n;
            return filled;
        }

        private static uint CheckSize(long size, string name)
        {
            if (size > MaxZip32) throw TooLarge($"'{name}' is larger than 4 GB.");
            return (uint)size;
        }

        private static void Put16(byte[] b, int at, ushort v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
        }

        private static void Put32(byte[] b, int at, uint v)
        {
            b[at] = (byte)v;
            b[at + 1] = (byte)(v >> 8);
            b[at + 2] = (byte)(v >> 16);
            b[at + 3] = (byte)(v >> 24);
        }

        private static AlonzoOperationException TooLarge(string message) =>
            new AlonzoOperationException("PackageTooLarge", FailureKind.LimitsExceeded, message + " Lambda accepts at most 250 MB unzipped.");

        private static AlonzoOperationException FileChanged(string path) =>
            new AlonzoOperationException("FileChanged", FailureKind.InvalidOperation,
                $"'{path}' changed while it was being packaged.", "Run the command again once nothing is writing to the folder.");

        private sealed class CentralRecord
        {
            public byte[] Name;
            public ushort Flags;
            public ushort Method;
            public uint Crc;
            public uint CompressedSize;
            public uint UncompressedSize;
            public uint Offset;
            public uint ExternalAttributes;
            public ushort VersionNeeded => Method == 8 ? (ushort)20 : (ushort)10;
        }

        /// <summary>
        /// The output with a running SHA-256 of everything written. A rewind or patch (large files
        /// only) invalidates the running hash, and the bytes are then read back once at the end.
        /// </summary>
        private sealed class HashingOutput
        {
            private readonly Stream _inner;
            private readonly long _start;
            private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            private bool _hashValid = true;
            private bool _rewound;

            public HashingOutput(Stream inner)
            {
                _inner = inner;
                _start = inner.CanSeek ? inner.Position : 0;
            }

            public long Position { get; private set; }

            public void Write(byte[] buffer, int offset, int count)
            {
                _inner.Write(buffer, offset, count);
                if (_hashValid) _hash.AppendData(buffer, offset, count);
                Position += count;
            }

            public void Patch(long at, byte[] data, int count)
            {
                _inner.Position = _start + at;
                _inner.Write(data, 0, count);
                _inner.Position = _start + Position;
                _hashValid = false;
            }

            public void Rewind(long to)
            {
                _inner.Position = _start + to;
                Position = to;
                _hashValid = false;
                _rewound = true;
            }

            public byte[] Finish()
            {
                _inner.Flush();
                if (_rewound && _inner.Length > _start + Position) _inner.SetLength(_start + Position);
                if (_hashValid) return _hash.GetHashAndReset();

                _inner.Position = _start;
                var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
                try
                {
                    long left = Position;
                    while (left > 0)
                    {
                        int n = _inner.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                        if (n <= 0) throw new IOException("The package could not be read back to compute its SHA-256.");
                        _hash.AppendData(buffer, 0, n);
                        left -= n;
                    }
                    return _hash.GetHashAndReset();
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _inner.Position = _start + Position;
                }
            }
        }

        /// <summary>Passes deflate output to the package while counting it.</summary>
        private sealed class CountingStream : Stream
        {
            private readonly HashingOutput _output;
            public CountingStream(HashingOutput output) { _output = output; }
            public long Count { get; private set; }
            public override void Write(byte[] buffer, int offset, int count)
            {
                _output.Write(buffer, offset, count);
                Count += count;
            }
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }

        /// <summary>
        /// Collects deflate output in a pooled buffer up to a limit (the file's size less one); past it
        /// compression is pointless, so writes are dropped and the caller stores the file instead.
        /// </summary>
        private sealed class BoundedBuffer : Stream
        {
            private readonly int _limit;

            public BoundedBuffer(int limit)
            {
                _limit = limit;
                Buffer = limit > 0 ? ArrayPool<byte>.Shared.Rent(Math.Min(limit, Chunk)) : Array.Empty<byte>();
            }

            public byte[] Buffer { get; private set; }
            public int Count { get; private set; }
            public bool Overflowed { get; private set; }

            public override void Write(byte[] buffer, int offset, int count)
            {
                if (Overflowed) return;
                if (count > _limit - Count)
                {
                    Overflowed = true;
                    return;
                }
                if (Count + count > Buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_limit, Math.Max((long)Buffer.Length * 2, Count + count)));
                    System.Buffer.BlockCopy(Buffer, 0, bigger, 0, Count);
                    ArrayPool<byte>.Shared.Return(Buffer);
                    Buffer = bigger;
                }
                System.Buffer.BlockCopy(buffer, offset, Buffer, Count, count);
                Count += count;
            }

            public void Release()
            {
                if (Buffer.Length > 0) ArrayPool<byte>.Shared.Return(Buffer);
                Buffer = Array.Empty<byte>();
            }

            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => Count;
            public override long Position { get => Count; set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }

    /// <summary>One file's zip data: deflated, or the file itself when deflate did not shrink it. Buffers are pooled.</summary>
    internal sealed class CompressedFile
    {
        public CompressedFile(byte[] data, int dataLength, bool deflated, uint crc, long length)
        {
            Data = data;
            DataLength = dataLength;
            Deflated = deflated;
            Crc = crc;
            Length = length;
        }

        public byte[] Data { get; private set; }
        public int DataLength { get; }
        public bool Deflated { get; }
        public uint Crc { get; }
        public long Length { get; }

        public void Release()
        {
            if (Data != null && Data.Length > 0) ArrayPool<byte>.Shared.Return(Data);
            Data = null;
        }
    }
}
