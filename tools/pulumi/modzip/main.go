// Command modzip writes a Go module zip, the file the module proxy serves for a version (golang.org/x/mod/zip, the
// go command's rules for what goes in), of a module's folder, and prints the zip's h1: hash, the one a go.sum records.
// tools/dist.js gives it the module's folder as `git archive` writes it for a commit, which is what the proxy zips for
// a tag (x/mod's CreateFromVCS would run git itself, but it does not recognize a git worktree). go.mod still marks
// golang.org/x/mod indirect: tidying it would change go.mod, which keys the engine's build cache (tools/engine.js).
//
//	modzip <module-folder> <module-path> <version> <out.zip>
package main

import (
	"fmt"
	"os"

	"golang.org/x/mod/module"
	"golang.org/x/mod/sumdb/dirhash"
	modzip "golang.org/x/mod/zip"
)

func write(folder, modulePath, version, out string) (string, error) {
	file, err := os.Create(out)
	if err != nil {
		return "", err
	}
	m := module.Version{Path: modulePath, Version: version}
	if err := modzip.CreateFromDir(file, m, folder); err != nil {
		file.Close()
		return "", err
	}
	if err := file.Close(); err != nil {
		return "", err
	}
	return dirhash.HashZip(out, dirhash.Hash1)
}

func main() {
	if len(os.Args) != 5 {
		fmt.Fprintln(os.Stderr, "usage: modzip <module-folder> <module-path> <version> <out.zip>")
		os.Exit(2)
	}
	hash, err := write(os.Args[1], os.Args[2], os.Args[3], os.Args[4])
	if err != nil {
		fmt.Fprintf(os.Stderr, "modzip: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(hash)
}
