console.log('The whole system arrives with the domain services and BFF issues; see README.');
