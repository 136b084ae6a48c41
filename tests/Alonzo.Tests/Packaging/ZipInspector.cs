using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Alonzo.Tests.Packaging
{
    /// <summary>A raw central-directory reader, so tests see the exact header fields the writer produced.</summary>
    internal sealed class ZipRecord
    {
        public string Name;
        public ushort MadeBy;
        public ushort VersionNeeded;
        public ushort Flags;
        public ushort Method;
        public ushort Time;
        public ushort Date;
        public uint Crc;
        public uint CompressedSize;
        public uint UncompressedSize;
        public int ExtraLength;
        public uint ExternalAttributes;
        public uint Offset;
        public int UnixMode => (int)(ExternalAttributes >> 16);

        // The same fields as stored in the entry's local header.
        public ushort LocalTime;
        public ushort LocalDate;
        public ushort LocalMethod;
        public uint LocalCrc;
        public uint LocalCompressedSize;
    }

    internal static class ZipInspector
    {
        public static List<ZipRecord> Read(byte[] zip)
        {
            int end = -1;
            for (int i = zip.Length - 22; i >= 0; i--)
                if (U32(zip, i) == 0x06054b50) { end = i; break; }
            if (end < 0) throw new InvalidDataException("no end of central directory record");
            int count = U16(zip, end + 10);
            int at = (int)U32(zip, end + 16);
            var records = new List<ZipRecord>();
            for (int n = 0; n < count; n++)
            {
                if (U32(zip, at) != 0x02014b50) throw new InvalidDataException("bad central header");
                int nameLength = U16(zip, at + 28), extra = U16(zip, at + 30), comment = U16(zip, at + 32);
                var r = new ZipRecord
                {
                    MadeBy = U16(zip, at + 4),
                    VersionNeeded = U16(zip, at + 6),
                    Flags = U16(zip, at + 8),
                    Method = U16(zip, at + 10),
                    Time = U16(zip, at + 12),
                    Date = U16(zip, at + 14),
                    Crc = U32(zip, at + 16),
                    CompressedSize = U32(zip, at + 20),
                    UncompressedSize = U32(zip, at + 24),
                    ExtraLength = extra,
                    ExternalAttributes = U32(zip, at + 38),
                    Offset = U32(zip, at + 42),
                    Name = Encoding.UTF8.GetString(zip, at + 46, nameLength),
                };
                int local = (int)r.Offset;
                if (U32(zip, local) != 0x04034b50) throw new InvalidDataException("bad local header");
                r.LocalMethod = U16(zip, local + 8);
                r.LocalTime = U16(zip, local + 10);
                r.LocalDate = U16(zip, local + 12);
                r.LocalCrc = U32(zip, local + 14);
                r.LocalCompressedSize = U32(zip, local + 18);
                records.Add(r);
                at += 46 + nameLength + extra + comment;
            }
            return records;
        }

        private static ushort U16(byte[] b, int at) => (ushort)(b[at] | b[at + 1] << 8);
        private static uint U32(byte[] b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
    }
}
