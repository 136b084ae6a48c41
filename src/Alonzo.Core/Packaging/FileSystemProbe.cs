using System;
using System.IO;
using System.Linq.Expressions;
using System.Reflection;
using System.Collections.Generic;

namespace Alonzo.Packaging
{
    /// <summary>
    /// The few file-system facts packaging needs that netstandard2.0 does not expose: where a
    /// symbolic link leads, and whether a file is executable. Newer runtimes' APIs (.NET 6/7) are
    /// found by reflection once. Paths are resolved in managed code, link by link, so "does this link
    /// point inside the folder" holds even when the target path itself goes through other links.
    /// </summary>
    internal static class FileSystemProbe
    {
        public static readonly bool IsWindows = Path.DirectorySeparatorChar == '\\';

        public static readonly StringComparison PathComparison = IsWindows ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

        // FileSystemInfo.UnixFileMode (.NET 7+) reads the mode the directory enumeration already
        // fetched, so asking costs no extra system call per file.
        private static readonly Func<FileSystemInfo, int> UnixModeGetter = CreateUnixModeGetter();

        // FileSystemInfo.LinkTarget (.NET 6+): a symbolic link's or junction's target as stored.
        private static readonly PropertyInfo LinkTargetProperty = typeof(FileSystemInfo).GetProperty("LinkTarget");

        /// <summary>True when the runtime can tell a file's execute bits (Unix on .NET 7 or later).</summary>
        public static bool CanReadUnixMode => !IsWindows && UnixModeGetter != null;

        /// <summary>The Unix permission bits, or -1 when they cannot be read here.</summary>
        public static int GetUnixMode(FileSystemInfo info)
        {
            if (!CanReadUnixMode) return -1;
            try
            {
                return UnixModeGetter(info);
            }
            catch (IOException)
            {
                return -1;
            }
            catch (UnauthorizedAccessException)
            {
                return -1;
            }
        }

        /// <summary>Whether a file system entry is a symbolic link (or a Windows junction).</summary>
        public static bool IsLink(FileSystemInfo info)
        {
            var attributes = info.Attributes;
            if ((int)attributes == -1 || (attributes & FileAttributes.ReparsePoint) == 0) return false; // -1: does not exist
            if (LinkTargetProperty == null) return true; // cannot tell; RealPath will say so
            // Other reparse points (cloud placeholders, deduplicated files) have no target: plain files to us.
            return LinkText(info) != null;
        }

        /// <summary>
        /// The fully resolved path of an existing file or folder: every link in it, in any parent
        /// folder too, replaced by its target, like realpath(3). Null when it, or a link's target,
        /// does not exist, or links loop.
        /// </summary>
        public static string RealPath(string path)
        {
            string full = Path.GetFullPath(path);
            string current = Path.GetPathRoot(full);
            var pending = new List<string>(Split(full.Substring(current.Length)));
            int hops = 0;
            while (pending.Count > 0)
            {
                string name = pending[0];
                pending.RemoveAt(0);
                if (name == ".") continue;
                if (name == "..")
                {
                    current = Path.GetDirectoryName(current) ?? current;
                    continue;
                }
                string candidate = Path.Combine(current, name);
                var info = new FileInfo(candidate);
                var attributes = info.Attributes;
                if ((int)attributes == -1) return null;
                if ((attributes & FileAttributes.ReparsePoint) != 0)
                {
                    if (LinkTargetProperty == null)
                        throw new PlatformNotSupportedException($"'{candidate}' is a link, and this version of .NET cannot tell where it points.");
                    string target = LinkText(info);
                    if (target != null)
                    {
                        if (++hops > 40) return null; // the kernel's own limit (ELOOP)
                        if (Path.IsPathRooted(target))
                        {
                            string targetFull = Path.GetFullPath(target);
                            current = Path.GetPathRoot(targetFull);
                            target = targetFull.Substring(current.Length);
                        }
                        pending.InsertRange(0, Split(target));
                        continue;
                    }
                }
                current = candidate;
            }
            return current;
        }

        /// <summary>Where a link points as written in the link (FileSystemInfo.LinkTarget, .NET 6+), or null.</summary>
        public static string LinkText(FileSystemInfo info)
        {
            try
            {
                return LinkTargetProperty?.GetValue(info) as string;
            }
            catch (TargetInvocationException)
            {
                return null;
            }
        }

        private static string[] Split(string relative) =>
            relative.Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);

        /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it (both real paths).</summary>
        public static bool IsInside(string path, string folder)
        {
            if (string.Equals(path, folder, PathComparison)) return true;
            string prefix = folder.EndsWith(System.IO.Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal)
                ? folder
                : folder + System.IO.Path.DirectorySeparatorChar;
            return path.StartsWith(prefix, PathComparison);
        }

        private static Func<FileSystemInfo, int> CreateUnixModeGetter()
        {
            var property = typeof(FileSystemInfo).GetProperty("UnixFileMode");
            if (property == null || !property.CanRead) return null;
            var info = Expression.Parameter(typeof(FileSystemInfo), "info");
            return Expression.Lambda<Func<FileSystemInfo, int>>(
                Expression.Convert(Expression.Property(info, property), typeof(int)), info).Compile();
        }
    }
}
