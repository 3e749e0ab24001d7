// Package wholefile writes files whole: a reader, or a run resumed after
// the process was killed, finds the whole file or none of it.
package wholefile

import (
	"os"
	"path/filepath"
)

// TempPrefix starts the name of the new file Write writes beside path
// before it renames it to path: ".NAME.RANDOM".
const TempPrefix = "."

// Write writes data to a new file beside path, then renames it to path.
func Write(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), TempPrefix+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Chmod(0o644) // as os.Create would make it, under the usual umask
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}
