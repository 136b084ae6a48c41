using System;
using System.Text;
using Alonzo.Packaging;
using Xunit;

namespace Alonzo.Tests.Packaging
{
    public sealed class ZipCrc32Tests
    {
        [Fact]
        public void Matches_the_standard_check_value_and_System_IO_Hashing_for_any_length_and_split()
        {
            Assert.Equal(0xCBF43926u, ZipCrc32.Append(0, Encoding.ASCII.GetBytes("123456789"), 0, 9));
            Assert.Equal(0u, ZipCrc32.Append(0, Array.Empty<byte>(), 0, 0));
            var data = TempTree.RandomBytes(100_003, 7);
            foreach (int length in new[] { 1, 7, 8, 9, 15, 16, 17, 4095, 65536, 100_003 })
            {
                uint expected = System.IO.Hashing.Crc32.HashToUInt32(data.AsSpan(0, length));
                Assert.Equal(expected, ZipCrc32.Append(0, data, 0, length));
                int split = length / 3;
                Assert.Equal(expected, ZipCrc32.Append(ZipCrc32.Append(0, data, 0, split), data, split, length - split));
            }
        }
    }
}
