// Paperspace machines, startup scripts, snapshots and custom templates, which wait on the API's machine events.
package paperspace
