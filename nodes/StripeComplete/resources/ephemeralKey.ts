import { FieldError } from '../../shared/errors';
import type { ResourceOverlay } from './types';

export const ephemeralKey: ResourceOverlay = {
	resource: 'ephemeralKey',
	overlays: {
		create: {
			description:
				"Create a short-lived key for a mobile app; set Options > API Version to the version the app's Stripe SDK uses",
			check(request) {
				if (!request.options.apiVersion)
					throw new FieldError(
						'API Version',
						'is required for an ephemeral key: set Options > API Version to the API version of the Stripe SDK in the mobile app',
					);
			},
		},
	},
};
