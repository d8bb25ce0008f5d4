/**
 * The operations every peer answers, with the same data needs: the user, 20 recommendations with
 * name, price, images and rating, and the 5 most recent orders with their lines and each line's
 * product (id, name, thumbnail, price). Mesh's documents (same needs, Mesh's names) are in
 * `../mesh/start.mjs`.
 */

/** The web home page through bff-web and the naive BFF (same schema). */
export const WEB_HOME_QUERY = /* GraphQL */ `
  query WebHome {
    homePage {
      viewer { id displayName avatarUrl }
      recommendations(first: 20) {
        id name thumbnailUrl imageUrls rating reviewCount
        price { amount currency formatted }
      }
      recentOrders(first: 5) {
        id status createdAt
        total { amount currency formatted }
        lines {
          quantity
          unitPrice { amount currency formatted }
          lineTotal { amount currency formatted }
          product { id name thumbnailUrl price { amount currency formatted } }
        }
      }
    }
  }
`;

/** The login both BFFs share (tokens are signed with the launch's shared secret). */
export const LOGIN_MUTATION = /* GraphQL */ `
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) { token viewer { id } }
  }
`;

/** Variables of bff-mobile's trusted `Home` document for the same counts as the web page. */
export const MOBILE_HOME_VARIABLES = { recommendations: 20, recentOrders: 5 } as const;

/** bff-web's placeOrder with its typed outcomes (an out-of-stock answer is data, not an error). */
export const PLACE_ORDER_MUTATION = /* GraphQL */ `
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      __typename
      ... on Order { id status itemCount }
      ... on OutOfStockError { productIds }
      ... on InvalidInputError { fieldPaths }
    }
  }
`;
