using System;
using System.IO;
using System.Text;

namespace Alonzo.Tests.Packaging
{
    /// <summary>A scratch folder for one test, removed afterwards.</summary>
    internal sealed class TempTree : IDisposable
    {
        public TempTree()
        {
            Root = Path.Combine(Path.GetTempPath(), "alonzo-pkg-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
        }

        public string Root { get; }

        public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

        public string Write(string relative, string text) => Write(relative, Encoding.UTF8.GetBytes(text));

        public string Write(string relative, byte[] bytes)
        {
            string path = PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path));
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public string Folder(string relative)
        {
            string path = PathOf(relative);
            Directory.CreateDirectory(path);
            return path;
        }

        public static byte[] RandomBytes(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        public static byte[] Text(int length, int seed)
        {
            var random = new Random(seed);
            var builder = new StringBuilder(length + 64);
            string[] words = { "stream", "shard", "lambda", "record", "batch", "handler", "event", "sequence", "partition", "iterator" };
            while (builder.Length < length)
                builder.Append(words[random.Next(words.Length)]).Append(random.Next(10) == 0 ? '\n' : ' ');
            return Encoding.ASCII.GetBytes(builder.ToString(0, length));
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
