/** The enrollment and renewal use cases: TPM-attested begin and finish, and certificate renewal, free of any transport or storage technology. */
package io.edgeprov.gateway.core.enrollment;
