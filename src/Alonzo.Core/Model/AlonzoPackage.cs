namespace Alonzo
{
    /// <summary>
    /// A Lambda deployment zip built by Alonzo. The bytes depend only on the packaged files' names,
    /// contents and executable bits, so <see cref="CodeSha256"/> can be compared with the function's
    /// to skip uploading unchanged code.
    /// </summary>
    public sealed class AlonzoPackage
    {
        /// <summary>Lambda's limit for a zip sent in the request itself (CodeSizeZipped, 50 MB); larger zips go through S3.</summary>
        public const long DirectUploadLimit = 52_428_800;

        /// <summary>Lambda's limit for the extracted function code plus its layers (CodeSizeUnzipped, 250 MB).</summary>
        public const long UnzippedLimit = 262_144_000;

        /// <summary>The zip file; null when the package was written to a stream.</summary>
        public string Path { get; set; }

        /// <summary>Size of the zip in bytes.</summary>
        public long Size { get; set; }

        /// <summary>Number of files in the zip (directories are not stored).</summary>
        public int FileCount { get; set; }

        /// <summary>Total size of the files before compression.</summary>
        public long UncompressedSize { get; set; }

        /// <summary>Base64 of the SHA-256 of the zip bytes, exactly as Lambda reports a function's CodeSha256.</summary>
        public string CodeSha256 { get; set; }

        /// <summary>The folder packaged, or the folder the listed files were named relative to.</summary>
        public string SourcePath { get; set; }

        public string Handler { get; set; }

        public string Runtime { get; set; }

        /// <summary>True when the zip is too big to send in the CreateFunction/UpdateFunctionCode request (use S3).</summary>
        public bool ExceedsDirectUploadLimit => Size > DirectUploadLimit;

        public override string ToString() => Path ?? CodeSha256;
    }
}
