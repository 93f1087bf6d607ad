// Command launcher starts one of the engine's language hosts with the runtime options of the program's Pulumi.yaml.
//
// The hosts this engine carries (Node.js and Python 3.68.0, Go 3.62.0; see ../README.md) read their options only
// from command-line flags, and the CLI (3.276.0) no longer passes any: it starts a host with the engine's address
// alone, in the program's folder. tools/engine.js installs this command under each host's name and the host itself
// in hosts/ beside it; the launcher finds the project file, turns each option into the flag that host knows, and
// replaces itself with the host. An option the host cannot honour is an error that says so, never silently dropped.
package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"

	"gopkg.in/yaml.v3"
)

// hostOption is how one runtime option reaches a host: the flag it becomes, or the values the host already behaves as.
type hostOption struct {
	// flag is the host's command-line flag; empty when the host has none for this option.
	flag string
	// accepted lists the only values the host honours without a flag (what it always does); empty means any value.
	accepted []string
	// why says what the host does instead, for an error naming a value it cannot honour.
	why string
}

// options lists, per language, every runtime option Pulumi documents for it and how the host here honours it.
var options = map[string]map[string]hostOption{
	"nodejs": {
		"typescript": {flag: "typescript"},
		"tsconfig":   {flag: "tsconfig"},
		"nodeargs":   {flag: "nodeargs"},
		"packagemanager": {
			accepted: []string{"npm"},
			why:      "it installs dependencies with npm (or yarn where a yarn.lock is)",
		},
	},
	"python": {
		"virtualenv": {flag: "virtualenv"},
		"toolchain": {
			accepted: []string{"pip"},
			why:      "it makes the virtualenv with venv and installs requirements.txt with pip",
		},
		"typechecker": {accepted: []string{}, why: "it runs no type checker"},
	},
	"go": {
		"binary":      {flag: "binary"},
		"buildTarget": {flag: "buildTarget"},
	},
}

func main() {
	language := strings.TrimPrefix(filepath.Base(os.Args[0]), "pulumi-language-")
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil {
		fail(language, fmt.Errorf("finding this executable: %w", err))
	}
	host := filepath.Join(filepath.Dir(self), "hosts", "pulumi-language-"+language)
	flags, err := flagsFor(language)
	if err != nil {
		fail(language, err)
	}
	argv := append([]string{host}, flags...)
	argv = append(argv, os.Args[1:]...)
	if err := syscall.Exec(host, argv, os.Environ()); err != nil {
		fail(language, fmt.Errorf("starting %s: %w", host, err))
	}
}

func fail(language string, err error) {
	fmt.Fprintf(os.Stderr, "pulumi-language-%s: %v\n", language, err)
	os.Exit(1)
}

// flagsFor answers the flags for the runtime options of the project the host starts in (none outside a project).
func flagsFor(language string) ([]string, error) {
	known, ok := options[language]
	if !ok {
		return nil, fmt.Errorf("no language host %q is launched here", language)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, project, err := findProject(cwd)
	if err != nil || project == "" {
		return nil, err
	}
	given, err := runtimeOptions(project)
	if err != nil {
		return nil, err
	}
	flags := []string{"-root=" + root}
	for _, name := range sortedKeys(given) {
		value := fmt.Sprint(given[name])
		option, ok := known[name]
		switch {
		case !ok:
			return nil, fmt.Errorf("%s: runtime option %q is not one the %s host knows (it knows %s)",
				project, name, language, strings.Join(sortedKeys(known), ", "))
		case option.flag != "":
			flags = append(flags, fmt.Sprintf("-%s=%s", option.flag, value))
		case !slices.Contains(option.accepted, value):
			return nil, fmt.Errorf("%s: runtime option %s: %q cannot be honoured by the %s host this engine carries: %s",
				project, name, value, language, option.why)
		}
	}
	return flags, nil
}

// findProject answers the folder holding Pulumi.yaml (or Pulumi.yml) at or above dir, and that file; none if no folder does.
func findProject(dir string) (string, string, error) {
	for {
		for _, name := range []string{"Pulumi.yaml", "Pulumi.yml"} {
			file := filepath.Join(dir, name)
			if _, err := os.Stat(file); err == nil {
				return dir, file, nil
			} else if !errors.Is(err, os.ErrNotExist) {
				return "", "", err
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", "", nil
		}
		dir = parent
	}
}

// runtimeOptions reads `runtime.options` of a project file: `runtime` is a name alone or `{name, options}`.
func runtimeOptions(project string) (map[string]any, error) {
	text, err := os.ReadFile(project)
	if err != nil {
		return nil, err
	}
	var file struct {
		Runtime yaml.Node `yaml:"runtime"`
	}
	if err := yaml.Unmarshal(text, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", project, err)
	}
	if file.Runtime.Kind != yaml.MappingNode {
		return nil, nil
	}
	var runtime struct {
		Options map[string]any `yaml:"options"`
	}
	if err := file.Runtime.Decode(&runtime); err != nil {
		return nil, fmt.Errorf("%s: runtime: %w", project, err)
	}
	return runtime.Options, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for key := range m {
		keys = append(keys, key)
	}
	sort.Strings(keys)
	return keys
}
