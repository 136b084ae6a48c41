using System;
using System.Collections.Generic;
using System.IO;
using Alonzo.Local;
using Alonzo.Tests.Packaging;

namespace Alonzo.Tests.Local
{
    /// <summary>Handler folders written for a test, and settings that run them with the repository's bootstraps.</summary>
    internal sealed class LocalHandlers : IDisposable
    {
        private readonly TempTree _tree = new TempTree();

        public static string RuntimeDirectory { get; } = FindRuntimeDirectory();

        public string Folder(string name, params (string File, string Text)[] files)
        {
            foreach (var (file, text) in files) _tree.Write(name + "/" + file, text);
            return _tree.Folder(name);
        }

        public static LocalFunctionSettings Settings(string folder, string handler, string runtime, int timeout = 3, IDictionary<string, string> environment = null) =>
            new LocalFunctionSettings
            {
                FunctionName = "local-test",
                Handler = handler,
                Runtime = runtime,
                CodeDirectory = folder,
                Timeout = timeout,
                MemorySize = 256,
                Environment = environment,
                Region = "eu-west-1",
                RuntimeDirectory = RuntimeDirectory,
            };

        public void Dispose() => _tree.Dispose();

        private static string FindRuntimeDirectory()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "module", "runtime");
                if (Directory.Exists(candidate)) return candidate;
            }
            throw new DirectoryNotFoundException("module/runtime was not found above " + AppContext.BaseDirectory);
        }
    }
}
