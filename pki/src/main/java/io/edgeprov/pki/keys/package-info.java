/** Where CA private keys live (memory, encrypted PKCS#12, PKCS#11 token) behind one signing seam. */
package io.edgeprov.pki.keys;
