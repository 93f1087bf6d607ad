// Paperspace machines and their environment (private networks, shared drives, public IPs, access), startup scripts, snapshots and custom templates, which wait on the API's machine events.
package paperspace
