namespace Alonzo.Packaging
{
    /// <summary>
    /// CRC-32 (IEEE 802.3, as zip uses it), slice-by-8. Not System.IO.Hashing.Crc32: the module ships
    /// that package's netstandard2.0 build, which works a byte at a time (about 0.4 GB/s here) and
    /// costs a tenth of the packaging time; this runs at about 2 GB/s on any runtime.
    /// </summary>
    internal static class ZipCrc32
    {
        private static readonly uint[] Table = CreateTable();

        public static uint Append(uint crc, byte[] data, int offset, int count)
        {
            var t = Table;
            uint c = ~crc;
            int i = offset, end = offset + count;
            for (; end - i >= 8; i += 8)
            {
                uint one = c ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
                c = t[7 * 256 + (one & 0xFF)] ^ t[6 * 256 + ((one >> 8) & 0xFF)] ^ t[5 * 256 + ((one >> 16) & 0xFF)] ^ t[4 * 256 + (one >> 24)]
                    ^ t[3 * 256 + data[i + 4]] ^ t[2 * 256 + data[i + 5]] ^ t[256 + data[i + 6]] ^ t[data[i + 7]];
            }
            for (; i < end; i++) c = t[(c ^ data[i]) & 0xFF] ^ (c >> 8);
            return ~c;
        }

        private static uint[] CreateTable()
        {
            var t = new uint[8 * 256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                t[n] = c;
            }
            for (int n = 0; n < 256; n++)
                for (int s = 1; s < 8; s++)
                    t[s * 256 + n] = t[(s - 1) * 256 + n] >> 8 ^ t[t[(s - 1) * 256 + n] & 0xFF];
            return t;
        }
    }
}
