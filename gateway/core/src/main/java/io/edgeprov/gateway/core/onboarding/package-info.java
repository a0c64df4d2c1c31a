/** OnboardDevices: the use cases that let devices enroll (one, a group, a batch) and disable enrollments, for any principal allowed to. */
package io.edgeprov.gateway.core.onboarding;
